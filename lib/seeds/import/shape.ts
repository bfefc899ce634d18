import { Pacer } from "./pacer";
import type { SourceRecord } from "./parse";
import type { ImportShape, Warning } from "./types";

/** Column and property names match loosely: "Task type", "task_type" and "taskType" are one key. */
export const normaliseKey = (key: string) => key.toLowerCase().replace(/[\s_-]+/g, "");

// Properties the importer reads; the Self-Instruct bookkeeping ones are known and dropped without a warning.
const READ = new Set([
  "instruction",
  "input",
  "output",
  "topic",
  "view",
  "type",
  "tasktype",
  "difficulty",
  "note",
  "instances",
  // provenance and licence (issue 15)
  "sourcekind",
  "citation",
  "citationurl",
  "licence",
  "license",
  "adapted",
]);
const DROPPED = new Set(["id", "name", "isclassification"]);

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Which of the accepted shapes one record is in, judged by its property names. */
export function shapeOf(record: Record<string, unknown>): ImportShape {
  const keys = new Set(Object.keys(record).map(normaliseKey));
  if (keys.has("instances")) return "self-instruct";
  if (keys.has("tasktype") || keys.has("note")) return "medseed";
  // a file that states its own source or licence is not AlpaCare's seed set as published
  if (["sourcekind", "licence", "license"].some((k) => keys.has(k))) return "medseed";
  if (["topic", "view", "type", "difficulty"].some((k) => keys.has(k))) {
    // AlpaCare records carry no reference output; MedSeed rows (and BioInstruct-style seeds) may.
    return keys.has("output") ? "medseed" : "alpacare";
  }
  return "alpaca";
}

export type ShapeReport = { shape: ImportShape | null; warnings: Warning[] };

/** The file's shape (the most common one among its records), with warnings for mixed files and unknown columns. */
export async function detectShape(records: SourceRecord[], pacer = new Pacer()): Promise<ShapeReport> {
  const counts = new Map<ImportShape, number>();
  const ignored = new Set<string>();
  for (const r of records) {
    if (pacer.due()) await pacer.pause();
    if (!isRecord(r.value)) continue;
    const shape = shapeOf(r.value);
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
    for (const k of Object.keys(r.value)) {
      const key = normaliseKey(k);
      if (!READ.has(key) && !DROPPED.has(key)) ignored.add(k);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const warnings: Warning[] = [];
  if (ranked.length > 1) {
    warnings.push({
      message: `Rows come in more than one shape: ${ranked.map(([s, n]) => `${n} ${s}`).join(", ")}. Each row is read by its own properties.`,
    });
  }
  if (ignored.size) {
    const list = [...ignored].slice(0, 20).join(", ");
    warnings.push({ message: `Ignored columns (MedSeed does not store them): ${list}.` });
  }
  return { shape: ranked[0]?.[0] ?? null, warnings };
}
