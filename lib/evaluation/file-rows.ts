import { parseImportText, type SourceRecord } from "@/lib/seeds/import/parse";
import { isRecord, normaliseKey } from "@/lib/seeds/import/shape";
import type { ImportFormat, RowIssue, RowRef } from "@/lib/seeds/import/types";

// Reading the evaluation files (test sets, candidate outputs): JSON arrays or JSON Lines, through the seed
// importer's reader, so line numbers and JSON error messages are the same everywhere. CSV is refused: every
// evaluation format in use (MedInstruct-test, alpaca_eval, Alpaca) is JSON.

/** The longest text one field may hold (a long reference answer is a few thousand characters). */
export const EVALUATION_TEXT_MAX = 100_000;

export type RowsRead = { format: ImportFormat | null; records: SourceRecord[]; errors: RowIssue[] };

export async function readJsonRows(text: string): Promise<RowsRead> {
  const first = text.match(/\S/)?.[0];
  if (first && first !== "[" && first !== "{") {
    return {
      format: null,
      records: [],
      errors: [
        {
          line: 1,
          message:
            "The file is neither a JSON array nor JSON Lines (it must start with [ or {). Evaluation files are JSON.",
        },
      ],
    };
  }
  const parsed = await parseImportText(text);
  const errors = [...parsed.errors];
  if (!errors.length && !parsed.records.length)
    errors.push({ line: 1, message: "The file holds no records." });
  return { format: parsed.format, records: parsed.records, errors };
}

/** A record's properties by loose key ("Instruction", "task_type" and "taskType" match), first one wins. */
export function looseProps(value: Record<string, unknown>): Map<string, { key: string; value: unknown }> {
  const props = new Map<string, { key: string; value: unknown }>();
  for (const [key, v] of Object.entries(value)) {
    const k = normaliseKey(key);
    if (!props.has(k)) props.set(k, { key, value: v });
  }
  return props;
}

/** "Each record must be an object...": the problem with a row that is not an object, or null. */
export function notAnObject(record: SourceRecord): RowIssue | null {
  if (isRecord(record.value)) return null;
  const v = record.value;
  const found = Array.isArray(v) ? "a list" : v === null ? "null" : `a ${typeof v}`;
  return { line: record.line, row: record.row, message: `Each record must be an object; found ${found}.` };
}

/**
 * A text field as stored: a string (numbers and booleans as written), or a problem a person can fix.
 * `undefined` when absent. PostgreSQL text cannot hold NUL, so it is refused here rather than at the insert.
 */
export function readText(
  ref: RowRef,
  field: string,
  value: unknown,
  problems: RowIssue[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "boolean") text = String(value);
  else {
    problems.push({ ...ref, field, message: `${field} must be text, not a list or object.` });
    return undefined;
  }
  if (text.includes("\u0000")) {
    problems.push({ ...ref, field, message: `${field} contains a NUL character (\\u0000).` });
    return undefined;
  }
  if (text.length > EVALUATION_TEXT_MAX) {
    problems.push({
      ...ref,
      field,
      message: `${field} is too long: ${text.length.toLocaleString("en-US")} of at most ${EVALUATION_TEXT_MAX.toLocaleString("en-US")} characters.`,
    });
    return undefined;
  }
  return text;
}

/** "runs/alpacare-7b/model_outputs.json" -> "model_outputs": a name for outputs that carry none. */
export function fileStem(fileName: string | undefined): string | null {
  if (!fileName) return null;
  const base = fileName.split(/[\\/]/).at(-1) ?? "";
  const stem = base.replace(/(\.(json|jsonl|ndjson|txt))+$/i, "").trim();
  return stem || null;
}

/**
 * The key an answer is matched to its test item by: the instruction, with the input after it when there is
 * one, whitespace collapsed. alpaca_eval files put the input inside the instruction; the collapse makes
 * "instruction\n\ninput" and "instruction input" the same key, and forgives trailing spaces and CRLF.
 */
export function instructionKey(instruction: string, input?: string): string {
  const joined = input?.trim() && input.trim() !== "<noinput>" ? `${instruction} ${input}` : instruction;
  return joined.replace(/\s+/g, " ").trim();
}
