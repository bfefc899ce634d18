import { Prisma } from "@/lib/generated/prisma/client";

// The rows of the JSON export formats laid out by PostgreSQL itself, so that an export of tens of thousands of
// seeds streams finished text instead of columns to parse and lay out one by one in JavaScript. Each layout is
// the SQL twin of a pyJsonRecord (py-json.ts) and gives the same bytes: to_json() of a text escapes exactly what
// JSON.stringify escapes (quote, backslash, \b \f \n \r \t, other controls as lowercase \u00XX; everything else,
// U+2028/2029 and DEL included, as it is), and no text in the database holds a lone surrogate, the one case where
// they differ. tests/integration/exports-varied.test.ts and exports-bytes.test.ts hold them to the bytes.

/** A text as an SQL string literal (standard_conforming_strings: only the quote is doubled). */
export const sqlLiteral = (text: string) => Prisma.raw(`'${text.replaceAll("'", "''")}'`);

/** A value as JSON text: strings, numbers and booleans as JSON.stringify writes them, NULL as null. */
export const jsonOf = (expr: Prisma.Sql) => Prisma.sql`COALESCE(to_json(${expr})::text, 'null')`;

/** The SQL twin of pyJsonRecord(keys, indent, level): each value an SQL expression giving its JSON text. */
export function sqlJsonRecord<K extends string>(
  keys: readonly K[],
  indent = 0,
  level = 0,
): (values: Record<K, Prisma.Sql>) => Prisma.Sql {
  const pad = indent ? `\n${" ".repeat(indent * (level + 1))}` : "";
  const close = `${indent ? `\n${" ".repeat(indent * level)}` : ""}}`;
  const sep = indent ? "," : ", ";
  return (values) =>
    Prisma.sql`concat(${Prisma.join(
      [
        ...keys.flatMap((k, i) => [sqlLiteral(`${i ? sep : "{"}${pad}${JSON.stringify(k)}: `), values[k]]),
        sqlLiteral(close),
      ],
      ", ",
    )})`;
}

// What String.prototype.trim() removes: ECMAScript WhiteSpace and LineTerminator (PostgreSQL's btrim takes spaces
// only, and its \s follows the server's locale).
const JS_WHITESPACE =
  "[\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";

/** True where the text is empty or JavaScript's trim() leaves nothing of it. */
export const sqlBlank = (expr: Prisma.Sql) => Prisma.sql`(${expr} ~ ${sqlLiteral(`^${JS_WHITESPACE}*$`)})`;
