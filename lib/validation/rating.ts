import { z } from "zod";
import { compatibleNeedsBaseUrl, providerSchema } from "./generation";
import { labelledInt, labelledNumber, optionalNumber } from "./numbers";

// A rating job's settings (lib/rating/jobs.ts), shared by the form, the server action, the API and the
// engine (which re-reads them from the job row).

const num = labelledNumber;
const int = labelledInt;

export const ratingSettingsSchema = z
  .object({
    provider: providerSchema.prefault({}),
    model: z.string().trim().min(1, { error: "Rater model: name a model, e.g. gpt-4o" }).default("gpt-4o"),
    concurrency: int(1, 64, "Concurrency").default(4),
    maxAttempts: int(1, 20, "Attempts per call").default(6),
    retryBaseMs: int(1, 60_000, "Retry wait").default(1000),
    requestTimeoutMs: int(100, 600_000, "Request timeout").default(120_000),
    /** consecutive failed records before the job pauses */
    failureLimit: int(1, 1000, "Failures in a row").default(10),
  })
  .superRefine(compatibleNeedsBaseUrl);
export type RatingSettings = z.output<typeof ratingSettingsSchema>;

export const startRatingSchema = z
  .object({
    generationJobId: z.string().trim().min(1).optional(),
    releaseId: z.string().trim().min(1).optional(),
    settings: ratingSettingsSchema,
    /** the job pauses when its cost reaches this many US dollars */
    budgetUsd: optionalNumber(num(0.0001, 1_000_000, "Budget")),
  })
  .refine((v) => !!v.generationJobId !== !!v.releaseId, {
    error: "Rate either a generation job's kept records or a release: name one of them.",
  });
export type StartRatingInput = z.output<typeof startRatingSchema>;

/** What a resume may change: the budget (a job paused at its budget goes on once it is raised). */
export const ratingResumeSchema = z.object({
  budgetUsd: z.coerce.number().positive({ error: "Budget: a positive number of dollars." }).optional(),
});

export const ratingCommandSchema = z.object({
  jobId: z.string().min(1),
  command: z.enum(["pause", "resume", "cancel"], { error: "Use pause, resume or cancel." }),
  ...ratingResumeSchema.shape,
});

export const excludeBelowSchema = z.object({
  jobId: z.string().min(1),
  threshold: num(1, 5.5, "Rated below"),
});

/** The REST body of POST /api/v1/datasets/jobs/{id}/exclude-below. */
export const excludeBelowBodySchema = z.object({
  threshold: z.number().min(1).max(5.5),
  /** true: only say what would be excluded, by task type and difficulty */
  preview: z.boolean().default(false),
});

export const undoExcludeBelowSchema = z.object({ jobId: z.string().min(1), batchId: z.string().min(1) });

export const rubricSchema = z.object({
  system: z.string().trim().min(1, { error: "System message: write what the rater is" }).max(20_000),
  user: z.string().trim().min(1, { error: "User message: write the rubric" }).max(20_000),
  note: z.string().trim().max(500).optional(),
  basedOn: z.coerce.number().int().min(0),
});
