import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, parse } from "csv-parse";
import { unneutraliseCsvCell } from "@/lib/utils/csv";
import type { Pacer } from "./pacer";
import type { ParsedFile, SourceRecord } from "./parse";
import { normaliseKey } from "./shape";
import type { RowIssue } from "./types";

const HEADER_HELP =
  "A CSV file (comma-separated) needs a header row naming its columns: instruction (required), input, output, topic, view, " +
  "type, difficulty, note.";

type CsvRow = { record: string[]; raw: string; info: { bytes: number } };

// The text goes to the parser in pieces of this many characters, with pauses for the event loop in between.
const PIECE = 1 << 16;

/** CSV with a header row; quoted fields may hold commas, quotes ("") and line breaks. */
export async function parseCsv(text: string, pacer: Pacer): Promise<ParsedFile> {
  const newlines: number[] = []; // byte offsets of the line breaks, for line numbers
  const errors: RowIssue[] = [];
  const rows: CsvRow[] = [];
  const parser = parse({
    columns: false,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw?: string) => {
      if (!error) return;
      const line = startLine(newlines, Number(error.bytes), raw) ?? Number(error.lines);
      errors.push({ line, message: csvMessage(error) });
    },
  });
  try {
    await pipeline(
      Readable.from(pieces(text, newlines, pacer)),
      parser,
      async (source: AsyncIterable<CsvRow>) => {
        for await (const row of source) {
          rows.push(row);
          if (pacer.due()) await pacer.pause();
        }
      },
    );
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
    const line = startLine(newlines, info.bytes, raw) ?? 0;
    // A cell MedSeed's own exports neutralised against formula injection reads back as the original text.
    const cell = (i: number) => unneutraliseCsvCell(record[i] ?? "");
    records.push({ line, row: 0, value: Object.fromEntries(names.map((n, i) => [n, cell(i)])) });
    if (pacer.due()) await pacer.pause();
  }
  // Rows in file order, counting the refused ones too, so "row 7" is the 7th record under the header.
  const ordered: { line: number; row?: number }[] = [...records, ...errors].sort((a, b) => a.line - b.line);
  ordered.forEach((r, i) => {
    r.row = i + 1;
  });
  return { format: "csv", records, errors };
}

/**
 * The text as UTF-8 pieces with one line ending everywhere ("\r\n" and "\r" become "\n", so line numbers stay
 * the same and quoted text keeps plain "\n" breaks), noting the byte offset of every line break on the way.
 */
async function* pieces(text: string, newlines: number[], pacer: Pacer): AsyncGenerator<Buffer> {
  let offset = 0;
  let carry = "";
  for (let at = 0; at < text.length; at += PIECE) {
    let piece = carry + text.slice(at, at + PIECE);
    carry = "";
    // A "\r" at the end may be the first half of a "\r\n", a high surrogate the first half of a character:
    // both wait for the next piece.
    const last = piece.charCodeAt(piece.length - 1);
    if ((last === 13 || (last >= 0xd800 && last <= 0xdbff)) && at + PIECE < text.length) {
      carry = piece.slice(-1);
      piece = piece.slice(0, -1);
    }
    const bytes = Buffer.from(piece.replace(/\r\n?/g, "\n"), "utf8");
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) newlines.push(offset + i);
    offset += bytes.length;
    yield bytes;
    if (pacer.due()) await pacer.pause(Math.min(at + PIECE, text.length));
  }
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

/** Byte offset -> 1-based line, by binary search over the line breaks' offsets. */
function lineAt(newlines: number[], offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((newlines[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** The line a record starts on: csv-parse reports the byte offset after it, and its raw text. */
function startLine(newlines: number[], end: number, raw?: string): number | undefined {
  if (raw === undefined || !Number.isFinite(end)) return undefined;
  const leading = raw.length - raw.replace(/^\n+/, "").length; // blank lines skipped before the record
  return lineAt(newlines, end - Buffer.byteLength(raw, "utf8") + leading);
}
