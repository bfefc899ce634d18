import { canonicalTaskType } from "@/lib/model/task-types";
import type { SourceRecord } from "@/lib/seeds/import/parse";
import { isRecord } from "@/lib/seeds/import/shape";
import type { ImportFormat, RowIssue, RowRef, Warning } from "@/lib/seeds/import/types";
import { difficultySchema } from "@/lib/validation/seed";
import { fileStem, instructionKey, looseProps, notAnObject, readJsonRows, readText } from "./file-rows";

// Importing an evaluation test set. Four shapes, told apart by each record's properties:
//   medinstruct  MedInstruct-test JSONL: id, instruction, difficulty ("1".."5") and reference answers under
//                keys such as gpt-4-answer or claude-2: every other text field is a reference, named by its
//                key without "-answer" (PIPELINE.md section 6);
//   alpaca-eval  alpaca_eval JSON: {instruction, output, generator?}: the output is a reference named by
//                `generator`, or by the file name;
//   alpaca       Alpaca JSON: {instruction, input, output}: the output is a reference named by the file name;
//   medseed      MedSeed JSONL (a seed export or a generated dataset): tags, and the output as a reference
//                named by provenance.response_model, or by the file name.
// All or nothing, like the seed import: one bad row and nothing is imported, every problem named by line.

export type TestsetShape = "medinstruct" | "alpaca-eval" | "alpaca" | "medseed";

export const TESTSET_SHAPE_LABELS: Record<TestsetShape, string> = {
  medinstruct: "MedInstruct-test (id, instruction, difficulty, reference answers such as gpt-4-answer)",
  "alpaca-eval": "alpaca_eval (instruction, output, generator)",
  alpaca: "Alpaca (instruction, input, output)",
  medseed: "MedSeed JSONL (instruction, input, output, type, topic, view, difficulty)",
};

export type TestItem = RowRef & {
  /** the id the file gives the item (MedInstruct-test's are numbers), kept as written */
  externalId?: string | number;
  instruction: string;
  /** "" when none (MedInstruct-test has no input field; `<noinput>` reads as none) */
  input: string;
  difficulty: number | null;
  topic?: string;
  view?: string;
  /** the canonical task type where one fits, else as the file spells it */
  taskType?: string;
  /** reference answers by model name, e.g. {"gpt-4": "...", "claude-2": "..."}; at least one */
  references: Record<string, string>;
};

export type ReferenceCoverage = { name: string; items: number };

export type TestsetImport =
  | {
      ok: true;
      format: ImportFormat;
      shape: TestsetShape;
      items: TestItem[];
      /** every reference name with the number of items that have it, in first-seen order */
      references: ReferenceCoverage[];
      warnings: Warning[];
    }
  | {
      ok: false;
      format: ImportFormat | null;
      shape: TestsetShape | null;
      errors: RowIssue[];
      warnings: Warning[];
    };

// Properties read as item fields, or known bookkeeping dropped without a word (normalised keys). In a
// MedInstruct-style record (no `output`), any other text property is a reference answer.
const FIELDS = new Set([
  "id",
  "instruction",
  "input",
  "output",
  "difficulty",
  "topic",
  "view",
  "type",
  "tasktype",
]);
const BOOKKEEPING = new Set([
  "generator",
  "dataset",
  "datasplit",
  "note",
  "category",
  "edited",
  "provenance",
  "status",
  "version",
  "author",
  "createdat",
  "updatedat",
  "name",
  "isclassification",
]);
const TAGS = ["topic", "view", "type", "tasktype", "difficulty", "note", "provenance"];

/** The shape of one record, judged by its property names. */
export function testsetShapeOf(record: Record<string, unknown>): TestsetShape {
  const props = looseProps(record);
  if (!props.has("output")) return "medinstruct";
  if (TAGS.some((t) => props.has(t))) return "medseed";
  return props.has("generator") || !props.has("input") ? "alpaca-eval" : "alpaca";
}

/** Reads a test set file (JSON array or JSON Lines). `fileName` names references the file does not name. */
export async function parseTestset(
  text: string,
  options: { fileName?: string } = {},
): Promise<TestsetImport> {
  const read = await readJsonRows(text);
  const warnings: Warning[] = [];
  const shape = majorityShape(read.records, warnings);
  // JSON Lines are read line by line: a line that is not JSON is reported with the problems of the lines that
  // are, so that one pass over the file names every problem (not one after each fix).
  const errors: RowIssue[] = [...read.errors];
  const items: TestItem[] = [];
  const ignored = new Set<string>();
  const fallbackName = fileStem(options.fileName) ?? "reference";
  for (const record of read.records) {
    const item = readItem(record, fallbackName, errors, ignored);
    if (item) items.push(item);
  }
  checkUnique(items, errors, warnings);
  if (ignored.size) {
    warnings.push({
      message: `Ignored properties that hold no text: ${[...ignored].slice(0, 20).join(", ")}.`,
    });
  }
  if (errors.length || !shape || !read.format) {
    return { ok: false, format: read.format, shape, errors: errors.sort(byLine), warnings };
  }
  return { ok: true, format: read.format, shape, items, references: coverage(items), warnings };
}

function readItem(
  record: SourceRecord,
  fallbackName: string,
  errors: RowIssue[],
  ignored: Set<string>,
): TestItem | null {
  const notObject = notAnObject(record);
  if (notObject) {
    errors.push(notObject);
    return null;
  }
  const ref: RowRef = { line: record.line, row: record.row };
  const value = record.value as Record<string, unknown>;
  const props = looseProps(value);
  const problems: RowIssue[] = [];
  const text = (key: string, field = key) => readText(ref, field, props.get(key)?.value, problems);

  const instruction = text("instruction")?.trim();
  if (!instruction && !problems.some((p) => p.field === "instruction")) {
    problems.push({ ...ref, field: "instruction", message: "The instruction is missing or empty." });
  }
  const rawInput = text("input")?.trim() ?? "";
  const input = rawInput === "<noinput>" ? "" : rawInput;
  const difficulty = difficultySchema.safeParse(props.get("difficulty")?.value);
  if (!difficulty.success) {
    problems.push({
      ...ref,
      field: "difficulty",
      message: difficulty.error.issues[0]?.message ?? "Bad difficulty",
    });
  }
  const externalId = readId(ref, props.get("id")?.value, problems);
  const taskTypeRaw = text("tasktype", "type") ?? text("type");
  const taskType = taskTypeRaw?.trim() ? (canonicalTaskType(taskTypeRaw) ?? taskTypeRaw.trim()) : undefined;
  const topic = text("topic")?.trim() || undefined;
  const view = text("view")?.trim() || undefined;

  const references: Record<string, string> = {};
  if (props.has("output")) {
    const output = text("output");
    if (output?.trim()) references[outputName(value, fallbackName)] = output;
  } else {
    for (const [normalised, { key, value: v }] of props) {
      if (FIELDS.has(normalised) || BOOKKEEPING.has(normalised)) continue;
      if (typeof v !== "string") {
        ignored.add(key);
        continue;
      }
      const answer = readText(ref, key, v, problems);
      if (answer?.trim()) references[referenceName(key)] = answer;
    }
  }
  if (!problems.length && !Object.keys(references).length) {
    problems.push({
      ...ref,
      field: "output",
      message:
        "No reference answer: an item needs one to be judged against (an `output`, or answers under keys " +
        "such as `gpt-4-answer`).",
    });
  }
  if (problems.length || !instruction) {
    errors.push(...problems);
    return null;
  }
  return {
    ...ref,
    ...(externalId !== undefined && { externalId }),
    instruction,
    input,
    difficulty: difficulty.success ? difficulty.data : null,
    ...(topic && { topic }),
    ...(view && { view }),
    ...(taskType && { taskType }),
    references,
  };
}

/** "gpt-4-answer" -> "gpt-4", "claude-2" -> "claude-2" (MedInstruct-test's naming). */
export function referenceName(key: string): string {
  const name = key.replace(/[-_ ]answer$/i, "").trim();
  return name || key;
}

/** The model an `output` came from: the row's generator, a MedSeed record's response model, else the file. */
function outputName(value: Record<string, unknown>, fallback: string): string {
  const props = looseProps(value);
  const generator = props.get("generator")?.value;
  if (typeof generator === "string" && generator.trim()) return generator.trim();
  const provenance = props.get("provenance")?.value;
  const model = isRecord(provenance) ? provenance.response_model : undefined;
  if (typeof model === "string" && model.trim()) return model.trim();
  return fallback;
}

function readId(ref: RowRef, id: unknown, problems: RowIssue[]): string | number | undefined {
  if (id === undefined || id === null || id === "") return undefined;
  if (typeof id === "string") return id.trim() || undefined;
  if (typeof id === "number" && Number.isFinite(id)) return id;
  problems.push({ ...ref, field: "id", message: "id must be a number or text." });
  return undefined;
}

/**
 * Ids must be unique (results are reported by id). Repeated instructions are only a warning: the public
 * files may hold such pairs, and a candidate output matched by instruction then serves both.
 */
function checkUnique(items: TestItem[], errors: RowIssue[], warnings: Warning[]) {
  const ids = new Map<string, number>();
  const keys = new Map<string, number>();
  for (const item of items) {
    if (item.externalId !== undefined) {
      const id = String(item.externalId);
      const seen = ids.get(id);
      if (seen !== undefined) {
        errors.push({
          line: item.line,
          row: item.row,
          field: "id",
          message: `id ${id} is already used on line ${seen}: each item needs its own id.`,
        });
      } else ids.set(id, item.line);
    }
    const key = instructionKey(item.instruction, item.input);
    const first = keys.get(key);
    if (first !== undefined) {
      warnings.push({
        line: item.line,
        row: item.row,
        message: `Same instruction as line ${first}: a candidate output matched by instruction serves both.`,
      });
    } else keys.set(key, item.line);
  }
}

function majorityShape(records: SourceRecord[], warnings: Warning[]): TestsetShape | null {
  const counts = new Map<TestsetShape, number>();
  for (const r of records) {
    if (!isRecord(r.value)) continue;
    const s = testsetShapeOf(r.value);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (ranked.length > 1) {
    warnings.push({
      message: `Rows come in more than one shape: ${ranked.map(([s, n]) => `${n} ${s}`).join(", ")}. Each row is read by its own properties.`,
    });
  }
  return ranked[0]?.[0] ?? null;
}

function coverage(items: TestItem[]): ReferenceCoverage[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    for (const name of Object.keys(item.references)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => ({ name, items: n }));
}

const byLine = (a: RowIssue, b: RowIssue) => a.line - b.line;
