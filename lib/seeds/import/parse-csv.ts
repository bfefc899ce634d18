import { CsvError, parse } from "csv-parse/sync";
import { unneutraliseCsvCell } from "@/lib/utils/csv";
import type { ParsedFile, SourceRecord } from "./parse";
import { normaliseKey } from "./shape";
import type { RowIssue } from "./types";

const HEADER_HELP =
  "A CSV file (comma-separated) needs a header row naming its columns: instruction (required), input, output, topic, view, " +
  "type, difficulty, note.";

/** CSV with a header row; quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): ParsedFile {
  // One line ending everywhere: line numbers stay the same and quoted text keeps plain "\n" breaks.
  const bytes = Buffer.from(text.replace(/\r\n?/g, "\n"), "utf8");
  const lineAt = lineFinder(bytes);
  const errors: RowIssue[] = [];
  let rows: { record: string[]; raw: string; info: { bytes: number } }[];
  try {
    rows = parse(bytes, {
      columns: false,
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined, raw?: string) => {
        if (!error) return;
        const line = startLine(lineAt, Number(error.bytes), raw) ?? Number(error.lines);
        errors.push({ line, message: csvMessage(error) });
      },
    }) as unknown as typeof rows;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      format: "csv",
      records: [],
      errors: [{ line: Number(error.lines) || 1, message: csvMessage(error) }],
    };
  }

  const [header, ...data] = rows;
  if (!header?.record.some((h) => normaliseKey(h) === "instruction")) {
    const found = header ? ` The first row has: ${header.record.slice(0, 8).join(", ").slice(0, 200)}.` : "";
    return { format: "csv", records: [], errors: [{ line: 1, message: `${HEADER_HELP}${found}` }] };
  }
  const names = header.record.map((h) => h.trim());
  const records: SourceRecord[] = [];
  for (const { record, raw, info } of data) {
    if (record.every((cell) => !cell.trim())) continue;
    const line = startLine(lineAt, info.bytes, raw) ?? 0;
    // A cell MedSeed's own exports neutralised against formula injection reads back as the original text.
    const cell = (i: number) => unneutraliseCsvCell(record[i] ?? "");
    records.push({ line, row: 0, value: Object.fromEntries(names.map((n, i) => [n, cell(i)])) });
  }
  // Rows in file order, counting the refused ones too, so "row 7" is the 7th record under the header.
  const ordered: { line: number; row?: number }[] = [...records, ...errors].sort((a, b) => a.line - b.line);
  ordered.forEach((r, i) => {
    r.row = i + 1;
  });
  return { format: "csv", records, errors };
}

function csvMessage(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return 'A double quote opened in this row is never closed (write a quote inside quoted text as "").';
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'A closing double quote is followed by more text (write a quote inside quoted text as "").';
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return `${error.message.replace(/ on line \d+$/, "")}. Put text holding commas in double quotes.`;
    default:
      return error.message.replace(/ (at|on) line \d+/, "");
  }
}

/** Byte offset -> 1-based line, by binary search over the newline positions. */
function lineFinder(bytes: Buffer): (offset: number) => number {
  const newlines: number[] = [];
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) newlines.push(at);
  return (offset) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** The line a record starts on: csv-parse reports the byte offset after it, and its raw text. */
function startLine(lineAt: (offset: number) => number, end: number, raw?: string): number | undefined {
  if (raw === undefined || !Number.isFinite(end)) return undefined;
  const leading = raw.length - raw.replace(/^\n+/, "").length; // blank lines skipped before the record
  return lineAt(end - Buffer.byteLength(raw, "utf8") + leading);
}
