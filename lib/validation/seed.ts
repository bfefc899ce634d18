import { z } from "zod";
import { tidyValue } from "@/lib/model/vocabulary";
import { fromDigits, wholeNumber } from "./numbers";
import { sourceFieldsShape } from "./source";
import { refuseInvisible } from "./vocabulary";

// One schema for the editor (browser), the server actions, the API, the importer and the CLI.
export const SEED_LIMITS = {
  instruction: 2_000,
  input: 10_000,
  output: 20_000,
  note: 2_000,
  tag: 100,
} as const;

const fmt = (n: number) => n.toLocaleString("en-US");
const limited = (label: string, max: number) =>
  z.string().max(max, {
    error: (issue) =>
      `${label} is too long: ${fmt(String(issue.input).length)} of at most ${fmt(max)} characters`,
  });

/** `<noinput>` (AlpaCare's marker) and blank inputs are stored as "". */
export const normaliseInput = (v: string) => (v.trim() === "<noinput>" || v.trim() === "" ? "" : v);

/** A topic, view or task type: a vocabulary value, so no invisible characters, and NFKC with single spaces. */
const tag = (label: string) =>
  limited(label, SEED_LIMITS.tag).superRefine(refuseInvisible(label)).transform(tidyValue);

/** 1 to 5, as a number or the digit alone ("3"); "" and null are "not set". No " 3 ", "3.0", "0x3" or "3e0". */
export const difficultySchema = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : fromDigits(v)),
  z
    .number({ error: "Difficulty must be a whole number from 1 to 5" })
    .int({ error: "Difficulty must be a whole number from 1 to 5" })
    .min(1, { error: "Difficulty must be from 1 to 5" })
    .max(5, { error: "Difficulty must be from 1 to 5" })
    .nullable(),
);

/** A draft may be incomplete (autosave keeps whatever is typed); only the instruction is required. */
export const seedDraftSchema = z.object({
  instruction: limited("Instruction", SEED_LIMITS.instruction)
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: "Write the instruction first" })),
  input: limited("Input", SEED_LIMITS.input).default("").transform(normaliseInput),
  output: limited("Reference output", SEED_LIMITS.output).default(""),
  topic: tag("Topic").default(""),
  view: tag("View").default(""),
  taskType: tag("Task type").default(""),
  difficulty: difficultySchema.default(null),
  note: limited("Note", SEED_LIMITS.note).default(""),
  // provenance and licence (issue 15): source kind, citation, citation URL, licence, adapted
  ...sourceFieldsShape,
});
export type SeedDraftInput = z.output<typeof seedDraftSchema>;

/** What a task needs before it can be submitted for review (and what approved imports must have). */
export const seedCompleteSchema = seedDraftSchema.extend({
  topic: tag("Topic").pipe(z.string().min(1, { error: "Choose a topic" })),
  view: tag("View").pipe(z.string().min(1, { error: "Choose a view (whose perspective)" })),
  taskType: tag("Task type").pipe(z.string().min(1, { error: "Choose a task type" })),
  difficulty: difficultySchema.pipe(z.number({ error: "Choose a difficulty from 1 to 5" })),
});

export const updateSeedSchema = seedDraftSchema.extend({
  id: z.string().min(1),
  /** the version the editor loaded: a save based on an older one is refused, never silently applied */
  version: wholeNumber({ min: 1, message: "version must be a whole number (1 or more)" }),
});

/** The editor's near-duplicate panel: the instruction being typed, and the task being edited (left out). */
export const similarSeedsSchema = z.object({
  instruction: z.string().max(SEED_LIMITS.instruction),
  excludeId: z.string().optional(),
});
