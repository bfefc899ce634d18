import { type SeedDraftInput, seedCompleteSchema, seedDraftSchema } from "@/lib/validation/seed";
import { SOURCE_FIELDS } from "@/lib/validation/source";
import { textProblem } from "@/lib/validation/text";
import { Pacer } from "./pacer";
import type { SourceRecord } from "./parse";
import { isRecord, normaliseKey } from "./shape";
import type { SourceKey } from "./source";
import type { ImportStatus, RowIssue, RowRef, Warning } from "./types";

/** A row that passed validation, with its tags still as the file spells them; `stated`: the source fields
 *  the row gave itself (the file's source fills the others, see ./source.ts). */
export type ValidRow = RowRef & { fields: SeedDraftInput; stated: SourceKey[] };

export type MappedFile = { rows: ValidRow[]; errors: RowIssue[]; warnings: Warning[]; noInput: number };

type Candidate = Partial<Record<keyof SeedDraftInput, unknown>>;

const TEXT_FIELDS = ["instruction", "input", "output", "topic", "view", "taskType", "note"] as const;
// provenance and licence (issue 15): MedSeed rows may carry their own; blank cells say nothing
const SOURCE_PROPS: Record<(typeof SOURCE_FIELDS)[number], string[]> = {
  sourceKind: ["sourcekind"],
  citation: ["citation"],
  citationUrl: ["citationurl"],
  licence: ["licence", "license"],
  adapted: ["adapted"],
};
const NOTHING_SAID = new Set(["UNKNOWN", "NOASSERTION"]);
const TAGS = ["topic", "view", "taskType", "difficulty"] as const;
const LABEL: Record<string, string> = { taskType: "type" };
const label = (field: string) => LABEL[field] ?? field;

/** Maps each record (any accepted shape) onto seed fields and validates it for the chosen status. */
export async function mapRecords(
  records: SourceRecord[],
  status: ImportStatus,
  pacer = new Pacer(),
): Promise<MappedFile> {
  const schema = status === "APPROVED" ? seedCompleteSchema : seedDraftSchema;
  const out: MappedFile = { rows: [], errors: [], warnings: [], noInput: 0 };
  let untagged = 0;
  await pacer.phase("checking", records.length);
  for (const [done, record] of records.entries()) {
    if (pacer.due()) await pacer.pause(done);
    const ref = { line: record.line, row: record.row };
    const problems: RowIssue[] = [];
    const candidate = toCandidate(record.value, ref, problems, out.warnings);
    if (!problems.length) {
      const parsed = schema.safeParse(candidate);
      if (parsed.success) {
        const stated = SOURCE_FIELDS.filter((k) => candidate[k] !== undefined);
        out.rows.push({ ...ref, fields: parsed.data, stated });
        if (typeof candidate.input === "string" && candidate.input.trim() === "<noinput>") out.noInput++;
        if (TAGS.some((t) => parsed.data[t] === "" || parsed.data[t] === null)) untagged++;
        continue;
      }
      problems.push(...schemaIssues(ref, candidate, parsed.error.issues));
    }
    out.errors.push(...problems);
  }
  if (untagged && status === "DRAFT") {
    out.warnings.push({
      message:
        `${untagged} ${untagged === 1 ? "row lacks" : "rows lack"} a topic, view, type or difficulty: ` +
        "they import as drafts with those left empty. An approved import needs all four.",
    });
  }
  return out;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && !v.trim());

/** One issue per field; the tags an approved import lacks are named together in one issue. */
function schemaIssues(
  ref: RowRef,
  candidate: Candidate,
  issues: { path: PropertyKey[]; message: string }[],
): RowIssue[] {
  const out: RowIssue[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "instruction");
    if (seen.has(field)) continue;
    seen.add(field);
    const value = candidate[field as keyof Candidate];
    if ((TAGS as readonly string[]).includes(field) && blank(value)) missing.push(label(field));
    else if (field === "instruction" && blank(value)) {
      out.push({ ...ref, field: "instruction", message: "The instruction is missing or empty." });
    } else out.push({ ...ref, field: label(field), message: issue.message });
  }
  if (missing.length) {
    out.push({
      ...ref,
      field: missing.join(", "),
      message: `No ${missing.join(", ")}: an approved import needs topic, view, type and difficulty on every row.`,
    });
  }
  return out;
}

function toCandidate(value: unknown, ref: RowRef, problems: RowIssue[], warnings: Warning[]): Candidate {
  if (!isRecord(value)) {
    const found = Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`;
    problems.push({ ...ref, message: `Each record must be an object with an instruction; found ${found}.` });
    return {};
  }
  const props = new Map<string, unknown>();
  for (const [k, v] of Object.entries(value)) if (!props.has(normaliseKey(k))) props.set(normaliseKey(k), v);

  const raw: Record<string, unknown> = {
    instruction: props.get("instruction"),
    input: props.get("input"),
    output: props.get("output"),
    topic: props.get("topic"),
    view: props.get("view"),
    // Self-Instruct marks classification tasks only with a flag: keep that much of the type, so that
    // exporting an import of such a file gives the same flag back.
    taskType:
      props.get("tasktype") ??
      props.get("type") ??
      (props.get("isclassification") === true ? "Classification" : undefined),
    note: props.get("note"),
  };
  const instances = props.get("instances");
  if (instances !== undefined) {
    if (!Array.isArray(instances) || (instances.length && !isRecord(instances[0]))) {
      problems.push({ ...ref, field: "instances", message: "instances must be a list of {input, output}." });
    } else if (instances.length) {
      const first = instances[0] as Record<string, unknown>;
      raw.input = first.input;
      raw.output = first.output;
      if (instances.length > 1) {
        const extra = instances.length - 1;
        warnings.push({
          ...ref,
          message: `${extra} extra ${extra === 1 ? "instance" : "instances"} ignored (only the first is imported).`,
        });
      }
    }
  }

  const candidate: Candidate = { difficulty: props.get("difficulty") };
  for (const field of SOURCE_FIELDS) {
    const v = SOURCE_PROPS[field].map((k) => props.get(k)).find((x) => x !== undefined);
    // "nobody said" (as MedSeed's own exports write it) leaves the field to the file's source
    if (!blank(v) && !(typeof v === "string" && NOTHING_SAID.has(v.trim().toUpperCase())))
      candidate[field] = v;
  }
  for (const field of TEXT_FIELDS) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    const unstorable = typeof v === "string" ? textProblem(v) : null;
    if (unstorable) {
      problems.push({ ...ref, field: label(field), message: `${label(field)} ${unstorable}.` });
    } else if (typeof v === "string") candidate[field] = v;
    else if (typeof v === "number" || typeof v === "boolean") candidate[field] = String(v);
    else
      problems.push({
        ...ref,
        field: label(field),
        message: `${label(field)} must be text, not a list or object.`,
      });
  }
  return candidate;
}
