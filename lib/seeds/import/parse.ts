import { AppError } from "@/lib/errors";
import { scanJson } from "./json-scan";
import { fileSizeProblem } from "./limits";
import { parseCsv } from "./parse-csv";
import { isRecord, normaliseKey } from "./shape";
import type { ImportFormat, RowIssue, RowRef } from "./types";

/** One record as read from the file, before any mapping: an object for good rows, anything for bad ones. */
export type SourceRecord = RowRef & { value: unknown };
export type ParsedFile = { format: ImportFormat | null; records: SourceRecord[]; errors: RowIssue[] };

/** UTF-8 text of an uploaded file; refuses files over the limit before reading them. */
export function decodeImportFile(bytes: Uint8Array): string {
  const tooBig = fileSizeProblem(bytes.byteLength);
  if (tooBig) throw new AppError("INVALID", tooBig);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes); // drops a byte-order mark
  } catch {
    throw new AppError("INVALID", "The file is not UTF-8 text. Save it as UTF-8 (JSON, JSON Lines or CSV).");
  }
}

/** Detects the format from the content (JSON array, JSON Lines or CSV) and reads every record. */
export function parseImportText(text: string): ParsedFile {
  const first = text.match(/\S/)?.[0];
  if (!first) return { format: null, records: [], errors: [{ line: 1, message: "The file is empty." }] };
  if (first === "[") return parseJsonArray(text);
  if (first === "{") return parseJsonLines(text);
  return parseCsv(text);
}

function parseJsonArray(text: string): ParsedFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { line, column, message } = jsonError(text, error);
    return {
      format: "json",
      records: [],
      errors: [{ line, message: `Not valid JSON (column ${column}): ${message}` }],
    };
  }
  const { elementLines } = scanJson(text);
  const records = (value as unknown[]).map((v, i) => ({ line: elementLines[i] ?? 1, row: i + 1, value: v }));
  return { format: "json", records, errors: [] };
}

function parseJsonLines(text: string): ParsedFile {
  const lines = text.split("\n");
  const records: SourceRecord[] = [];
  const errors: RowIssue[] = [];
  let triedWhole = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const ref = { line: i + 1, row: records.length + errors.length + 1 };
    try {
      records.push({ ...ref, value: JSON.parse(line) });
    } catch (error) {
      // One pretty-printed object (not JSON Lines) is a file holding a single record.
      if (!records.length && !triedWhole) {
        triedWhole = true;
        const whole = tryParse(text);
        if (whole.ok) return singleObject(whole.value);
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

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
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
