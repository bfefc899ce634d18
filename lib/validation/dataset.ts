import { z } from "zod";
import { RECORD_STATES } from "@/lib/model/record-state";
import { SPOT_GRADES } from "@/lib/model/spot-grades";
import { fromDigits } from "./numbers";
import { SEARCH_MAX, searchText, storableText } from "./text";

// The generated-dataset area: the record browser's filters (kept in the URL), curation, spot checks and
// releases. Shared by pages, actions, the API and the CLI.

/** The record browser shows one state of records, or all of them. */
export const RECORD_STATUSES = [...RECORD_STATES, "all"] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_SORTS = ["seq", "rouge", "length", "rating"] as const;
/** Cheap signals the browser filters by (lib/rating/signals.ts, stored in RecordSignals). */
export const RECORD_SIGNALS = ["refusal", "disclaimer", "copy", "no-answer-line", "language"] as const;
export type RecordSignal = (typeof RECORD_SIGNALS)[number];
export const RECORD_SIGNAL_LABELS: Record<RecordSignal, string> = {
  refusal: "Refusal",
  disclaimer: "Disclaimer",
  copy: "Copies the instruction (ROUGE-L ≥ 0.5)",
  "no-answer-line": 'Multiple choice without "The answer is"',
  language: "Answer in another language",
};
/** ROUGE-L of the response against its instruction from which the "copy" signal is set. */
export const COPY_ROUGE = 0.5;
export const LENGTH_FIELDS = ["instruction", "input", "output"] as const;
export const RECORDS_PAGE = 50;

const optText = (max: number) => storableText().trim().max(max).optional().catch(undefined);
const optNumber = (min: number, max: number) =>
  z
    .preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().min(min).max(max))
    .optional()
    .catch(undefined);

const recordQueryFields = z.object({
  job: optText(40),
  status: z.enum(RECORD_STATUSES).catch("kept").default("kept"),
  reason: optText(40),
  type: optText(100),
  topic: optText(100),
  view: optText(100),
  difficulty: z.preprocess(
    (v) => (v === "" ? undefined : fromDigits(v)),
    z.number().int().min(1).max(5).optional().catch(undefined),
  ),
  q: searchText(SEARCH_MAX),
  rougeMin: optNumber(0, 1),
  rougeMax: optNumber(0, 1),
  lenOf: z.enum(LENGTH_FIELDS).catch("instruction").default("instruction"),
  minWords: optNumber(0, 100_000),
  maxWords: optNumber(0, 100_000),
  /** rating (issue 17): rated at least / below; "unrated": no score (not rated, or no readable score) */
  ratingMin: optNumber(1, 5),
  ratingBelow: optNumber(1, 5.5),
  unrated: z
    .preprocess((v) => v === "1" || v === true || v === "on", z.boolean())
    .catch(false)
    .default(false),
  signal: z.enum(RECORD_SIGNALS).optional().catch(undefined),
  sort: z.enum(RECORD_SORTS).catch("seq").default("seq"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  /** keyset cursors of the Next and Previous links (lib/dataset/records.ts); a bad one is ignored */
  after: optText(400),
  before: optText(400),
});
/** A discard reason only exists on discarded tasks: asking for one shows those (not the kept, unfiltered). */
export const recordQuerySchema = recordQueryFields.transform((q) =>
  q.reason && (q.status === "kept" || q.status === "excluded") ? { ...q, status: "discarded" as const } : q,
);
export type RecordQuery = z.output<typeof recordQuerySchema>;

/** Back to URL parameters, leaving out defaults so links stay short. */
export function recordQueryParams(query: Partial<RecordQuery>): URLSearchParams {
  const p = new URLSearchParams();
  const set = (k: string, v: unknown, skip?: unknown) => {
    if (v !== undefined && v !== null && v !== "" && v !== skip) p.set(k, String(v));
  };
  set("job", query.job);
  set("status", query.status, "kept");
  set("reason", query.reason);
  set("type", query.type);
  set("topic", query.topic);
  set("view", query.view);
  set("difficulty", query.difficulty);
  set("q", query.q);
  set("rougeMin", query.rougeMin);
  set("rougeMax", query.rougeMax);
  if (query.minWords !== undefined || query.maxWords !== undefined) set("lenOf", query.lenOf, "instruction");
  set("minWords", query.minWords);
  set("maxWords", query.maxWords);
  set("ratingMin", query.ratingMin);
  set("ratingBelow", query.ratingBelow);
  if (query.unrated) set("unrated", "1");
  set("signal", query.signal);
  set("sort", query.sort, "seq");
  set("dir", query.dir, "asc");
  set("page", query.page, 1);
  set("after", query.after);
  set("before", query.before);
  return p;
}

// Curation. Limits as for seed tasks, with room for long generated answers.
export const curatedTextSchema = z.object({
  instruction: z
    .string()
    .trim()
    .min(1, "The instruction cannot be empty.")
    .max(2_000, "At most 2,000 characters."),
  input: z.string().trim().max(10_000, "At most 10,000 characters."),
  output: z.string().trim().min(1, "The response cannot be empty.").max(20_000, "At most 20,000 characters."),
});

export const editRecordSchema = curatedTextSchema.extend({
  taskId: z.string().min(1),
  /** the curationVersion the edit started from */
  version: z.coerce.number().int().min(0),
  /** why, for the history and the audit log */
  reason: z.string().trim().max(1_000, "At most 1,000 characters.").optional(),
});

export const excludeRecordSchema = z.object({
  taskId: z.string().min(1),
  version: z.coerce.number().int().min(0),
  excluded: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
  reason: z.string().trim().max(1_000, "At most 1,000 characters.").optional(),
});

// Spot checks.
export const startSpotCheckSchema = z.object({
  jobId: z.string().min(1),
  /** half-width of the 95% interval, as a share: 0.05 = ±5 points */
  marginOfError: z.coerce.number().min(0.01, "At least ±1 point.").max(0.5, "At most ±50 points."),
  /** issue 17: graded independently by two or more reviewers, blind until they are in */
  doubleGrading: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).default(false),
});

export const settleSchema = z.object({
  spotCheckId: z.string().min(1),
  position: z.coerce.number().int().min(0),
  grade: z.enum(SPOT_GRADES),
});

export const gradeSchema = z.object({
  spotCheckId: z.string().min(1),
  position: z.coerce.number().int().min(0),
  grade: z.enum(SPOT_GRADES),
  /** the grade the page showed (null: none): a grade given meanwhile by someone else is not overwritten */
  previous: z.enum(SPOT_GRADES).nullable(),
  note: z.string().trim().max(2_000, "At most 2,000 characters.").optional(),
});

// Releases.

export const createReleaseSchema = z.object({
  name: z.string().trim().min(1, "Give the dataset a name.").max(120, "At most 120 characters."),
  jobIds: z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")),
    z.array(z.string().min(1)).min(1, "Choose at least one job.").max(50, "At most 50 jobs."),
  ),
  threshold: z.coerce.number().min(0, "From 0 to 1.").max(1, "From 0 to 1.").default(0.7),
  /** issue 17: leave out records rated below this (and unrated ones); none when absent */
  minRating: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number().min(1, "From 1 to 5.").max(5, "From 1 to 5.").optional(),
  ),
  license: z
    .string()
    .trim()
    .max(100)
    .regex(/^[A-Za-z0-9.+-]*$/, "An SPDX-style licence id such as cc-by-nc-4.0, or leave it empty.")
    .optional(),
  /** the reason for publishing below the quality threshold (the form's confirmation, `--accept-low-quality`) */
  acceptLowQuality: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .min(10, "Say in a sentence why this is published anyway (at least 10 characters).")
      .max(1_000, "At most 1,000 characters.")
      .optional(),
  ),
});
export const publishQualitySchema = z.object({
  jobIds: z.array(z.string().min(1)).max(50, "At most 50 jobs."),
});

/** An admin's threshold for the publish gate, as a percentage on the form and a share (0..1) in storage. */
export const publishMinAcceptableSchema = z.object({
  minAcceptablePercent: z.coerce
    .number({ error: "Enter a percentage from 0 to 100" })
    .int("Enter a whole percentage")
    .min(0, "From 0 (only the unsafe check) to 100")
    .max(100, "At most 100"),
});

export type CreateReleaseInput = z.output<typeof createReleaseSchema>;
