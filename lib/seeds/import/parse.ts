import { AppError } from "@/lib/errors";
import { scanJson, scanJsonPaced } from "./json-scan";
import { fileSizeProblem } from "./limits";
import { Pacer } from "./pacer";
import { parseCsv } from "./parse-csv";
import { isRecord, normaliseKey } from "./shape";
import type { ImportFormat, RowIssue, RowRef } from "./types";

/** One record as read from the file, before any mapping: an object for good rows, anything for bad ones. */
export type SourceRecord = RowRef & { value: unknown };
export type ParsedFile = { format: ImportFormat | null; records: SourceRecord[]; errors: RowIssue[] };

export const NOT_UTF8 = "The file is not UTF-8 text. Save it as UTF-8 (JSON, JSON Lines or CSV).";

/** UTF-8 text of an uploaded file; refuses files over the limit before reading them. */
export function decodeImportFile(bytes: Uint8Array): string {
  const tooBig = fileSizeProblem(bytes.byteLength);
  if (tooBig) throw new AppError("INVALID", tooBig);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes); // drops a byte-order mark
  } catch {
    throw new AppError("INVALID", NOT_UTF8);
  }
}

/**
 * Detects the format from the content (JSON array, JSON Lines or CSV) and reads every record, pausing for
 * the event loop as it goes (progress: characters read). A file named .json or .jsonl whose content is not
 * JSON is reported as such, not read as CSV (whose "needs a header row" would say nothing useful).
 */
export async function parseImportText(
  text: string,
  pacer = new Pacer(),
  fileName?: string,
): Promise<ParsedFile> {
  const first = text.match(/\S/)?.[0];
  if (!first) return { format: null, records: [], errors: [{ line: 1, message: "The file is empty." }] };
  await pacer.phase("parsing", text.length);
  if (first === "[") return parseJsonArray(text, pacer);
  if (first === "{") return parseJsonLines(text, pacer);
  const named = fileName?.match(/\.(jsonl?)$/i)?.[1]?.toLowerCase() as "json" | "jsonl" | undefined;
  if (named) return notJson(text, named);
  return parseCsv(text, pacer);
}

function notJson(text: string, format: "json" | "jsonl"): ParsedFile {
  const at = text.search(/\S/);
  const line = text.slice(0, at).split("\n").length;
  const start = [...text.slice(at, at + 30)].slice(0, 20).join("").split("\n")[0];
  return {
    format,
    records: [],
    errors: [
      {
        line,
        message: `Not valid JSON: a .${format} file holds ${format === "json" ? "an array of tasks, starting with [" : "one task per line, each starting with {"}, but this one starts with "${start}". Save it as JSON from your tool, or give it a .csv name if it is CSV.`,
      },
    ],
  };
}

async function parseJsonArray(text: string, pacer: Pacer): Promise<ParsedFile> {
  const scan = await scanJsonPaced(text, pacer);
  const failed = (line: number, column: number, message: string): ParsedFile => ({
    format: "json",
    records: [],
    errors: [{ line, message: `Not valid JSON (column ${column}): ${message}` }],
  });
  if (scan.error) return failed(scan.error.line, scan.error.column, `${scan.error.message}.`);
  // Element by element: the same values as one JSON.parse of the whole array, with pauses in between.
  const { elementStarts: starts, elementEnds: ends, elementLines: lines } = scan;
  const records: SourceRecord[] = [];
  for (let i = 0; i < starts.length; i++) {
    let value: unknown;
    try {
      value = JSON.parse(text.slice(starts[i], ends[i]));
    } catch (error) {
      // The scanner passed what V8 refuses (should not happen): report V8's view of the whole file.
      const whole = tryParse(text);
      const { line, column, message } = whole.ok
        ? { line: lines[i] ?? 1, column: 1, message: String(error) }
        : jsonError(text, whole.error);
      return failed(line, column, message);
    }
    records.push({ line: lines[i] ?? 1, row: i + 1, value });
    if (pacer.due()) await pacer.pause(ends[i]);
  }
  return { format: "json", records, errors: [] };
}

async function parseJsonLines(text: string, pacer: Pacer): Promise<ParsedFile> {
  const records: SourceRecord[] = [];
  const errors: RowIssue[] = [];
  let triedWhole = false;
  let lineNo = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    lineNo++;
    if (pacer.due()) await pacer.pause(start);
    if (!line) continue;
    const ref = { line: lineNo, row: records.length + errors.length + 1 };
    try {
      records.push({ ...ref, value: JSON.parse(line) });
    } catch (error) {
      // One pretty-printed object (not JSON Lines) is a file holding a single record.
      if (!records.length && !triedWhole) {
        triedWhole = true;
        // The paced scan first: a file that is not one JSON value is not parsed whole in one go.
        const whole = (await scanJsonPaced(text, pacer)).error ? null : tryParse(text);
        if (whole?.ok) return singleObject(whole.value);
      }
      const { message, column } = jsonError(line, error);
      errors.push({ ...ref, message: `Not valid JSON (column ${column}): ${message}` });
    }
  }
  return { format: "jsonl", records, errors };
}

/** A file holding one JSON object: one task, unless it is a wrapper such as {"tasks": [...]}. */
function singleObject(value: unknown): ParsedFile {
  const keys = isRecord(value) ? Object.keys(value).map(normaliseKey) : [];
  if (!isRecord(value) || keys.includes("instruction")) {
    return { format: "json", records: [{ line: 1, row: 1, value }], errors: [] };
  }
  const message =
    "The file holds one JSON object without an instruction. Put the task records in a top-level array " +
    "([{...}, {...}]) or write one record per line (JSON Lines).";
  return { format: "json", records: [], errors: [{ line: 1, message }] };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Where JSON.parse failed, as a line (and column) a person can find in an editor. */
function jsonError(text: string, error: unknown): RowIssue & { column: number } {
  const found = scanJson(text).error;
  if (found) return { line: found.line, column: found.column, message: `${found.message}.` };
  // The scanner and V8 disagree (should not happen): fall back to V8's position when it gives one.
  const raw = error instanceof Error ? error.message : String(error);
  const at = Number(raw.match(/position (\d+)/)?.[1] ?? text.length);
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return { line, column, message: `${raw.replace(/ in JSON at position.*$/, "").slice(0, 200)}.` };
}
