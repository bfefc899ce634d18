// JSON laid out as Python's json.dumps writes it (", " and ": " separators; indent 4 when asked), so files
// read like the originals the pipelines ship. Non-ASCII stays as UTF-8 (json.dumps(..., ensure_ascii=False)).
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function pyJson(value: Json, indent = 0, level = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = indent ? `\n${" ".repeat(indent * (level + 1))}` : "";
  const close = indent ? `\n${" ".repeat(indent * level)}` : "";
  const sep = indent ? "," : ", ";
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[${value.map((v) => pad + pyJson(v, indent, level + 1)).join(sep)}${close}]`;
  }
  const entries = Object.entries(value);
  if (!entries.length) return "{}";
  return `{${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pyJson(v, indent, level + 1)}`).join(sep)}${close}}`;
}

/** Text already laid out as JSON, placed as it is by pyJsonRecord. */
export class RawJson {
  constructor(readonly text: string) {}
}
type Flat = string | number | boolean | null | RawJson;

/**
 * A renderer for objects with these keys, in this order, whose values are flat (or RawJson): the same text as
 * pyJson(object, indent, level), with the key layout worked out once instead of walking each object (an export
 * renders tens of thousands of rows; the generic walk cost more than PostgreSQL takes to send them).
 */
export function pyJsonRecord<K extends string>(
  keys: readonly K[],
  indent = 0,
  level = 0,
): (value: Record<K, Flat>) => string {
  const pad = indent ? `\n${" ".repeat(indent * (level + 1))}` : "";
  const close = `${indent ? `\n${" ".repeat(indent * level)}` : ""}}`;
  const sep = indent ? "," : ", ";
  const before = keys.map((k, i) => `${i ? sep : "{"}${pad}${JSON.stringify(k)}: `);
  if (!keys.length) return () => "{}";
  return (value) => {
    let out = "";
    for (let i = 0; i < keys.length; i++) {
      const v = value[keys[i] as K];
      out += before[i] + (v instanceof RawJson ? v.text : JSON.stringify(v));
    }
    return out + close;
  };
}
