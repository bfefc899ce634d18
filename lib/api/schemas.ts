import { z } from "zod";
import { RELEASE_FORMATS } from "@/lib/dataset/publish/formats";
import { ROLES } from "@/lib/model/roles";
import { SEED_STATUSES } from "@/lib/model/seed-status";
import { SOURCE_KINDS, type SourceKind } from "@/lib/model/source-kinds";
import type { TransitionResult } from "@/lib/review/transitions";
import type { SeedRevisionView } from "@/lib/seeds/queries";
import type { SeedView, StoredSource } from "@/lib/seeds/types";
import { GENERATED_EXPORT_FORMATS } from "@/lib/validation/generation";
import { wholeNumber } from "@/lib/validation/numbers";
import { patchShape } from "@/lib/validation/patch";
import { reviewSeedSchema, submitSeedSchema } from "@/lib/validation/review";
import { type SeedDraftInput, seedDraftSchema, updateSeedSchema } from "@/lib/validation/seed";

// The REST API's request and response shapes. Requests reuse the UI's schemas (same validation);
// responses are described here, and the serialisers below are typed by them, so the OpenAPI document
// (lib/api/openapi.ts) and what the routes send cannot drift apart. No server-only imports: the
// document is built from this module in unit tests too.

// ---------------------------------------------------------------------------------------------- requests

/** `?status=A,B` or `?status=A&status=B`; absent means no filter. Items are taken as written (no trimming). */
const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      v === undefined
        ? undefined
        : [v]
            .flat()
            .flatMap((s) => String(s).split(","))
            .filter(Boolean),
    z.array(item).optional(),
  );

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters` });

/**
 * The seed list's filters (the same as the UI's), with cursor paging instead of pages. Strict: a parameter
 * not named here is a 400 naming it (lib/auth/route.ts checks every query against its schema's keys), and
 * numbers are plain decimal digits ("1e2", "0x10" and " 10" are 400s).
 */
export const seedListApiQuerySchema = z.object({
  limit: wholeNumber({ min: 1, max: 200, message: "limit must be a whole number from 1 to 200" })
    .default(50)
    .describe("Page size, 1 to 200 (default 50)."),
  cursor: z
    .string()
    .max(500)
    .optional()
    .describe("`nextCursor` of the previous page; leave out for the first page."),
  status: listParam(z.enum(SEED_STATUSES)).describe("Only these statuses (comma-separated or repeated)."),
  topic: text(100).optional().describe("Exact topic."),
  view: text(100).optional().describe("Exact view (point of view)."),
  type: text(100).optional().describe("Exact task type."),
  difficulty: listParam(
    wholeNumber({ min: 1, max: 5, message: "difficulty must be whole numbers from 1 to 5" }),
  ).describe("Only these difficulties, 1 to 5 (comma-separated or repeated)."),
  author: text(200).optional().describe("Author's email or user id."),
  source: z.enum(SOURCE_KINDS).optional().describe("Only tasks from this kind of source."),
  licence: text(100)
    .optional()
    .describe('Only tasks under this licence (an SPDX id, "internal" or NOASSERTION).'),
  q: text(200).optional().describe("Full-text search in instruction, input and output (web search syntax)."),
});
export type SeedListApiQuery = z.output<typeof seedListApiQuerySchema>;

export const releaseDownloadQuerySchema = z.object({
  format: z
    .enum(RELEASE_FORMATS, { error: `format must be one of ${RELEASE_FORMATS.join(", ")}` })
    .default("alpaca")
    .describe(RELEASE_FORMATS.join(" | ")),
});

export const datasetDownloadQuerySchema = z.object({
  format: z
    .enum(GENERATED_EXPORT_FORMATS, { error: `format must be one of ${GENERATED_EXPORT_FORMATS.join(", ")}` })
    .default("alpaca")
    .describe(GENERATED_EXPORT_FORMATS.join(" | ")),
});

const patchFields = patchShape(seedDraftSchema.shape);

/** PATCH: only the fields sent change; `version` is the one the change was based on. */
export const seedPatchSchema = z.object({
  version: updateSeedSchema.shape.version.describe(
    "The version this change is based on (from GET); an older one answers 409 and changes nothing.",
  ),
  ...patchFields,
}) as unknown as z.ZodType<Partial<SeedDraftInput> & { version: number }>;

export const submitBodySchema = submitSeedSchema.omit({ id: true });
export const reviewBodySchema = reviewSeedSchema.omit({ id: true });

// --------------------------------------------------------------------------------------------- responses

const dateTime = z.string().meta({ format: "date-time" });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum([
        "INVALID",
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "NOT_FOUND",
        "CONFLICT",
        "TOO_LARGE",
        "RATE_LIMITED",
        "INTERNAL",
      ]),
      message: z.string().describe("What went wrong and what to do, for a person."),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe("For 400: messages per request field (body or query parameter)."),
    }),
  })
  .describe("Every error answer has this shape.");

const seedFieldShape = {
  instruction: z.string(),
  input: z.string().describe('"" when the task has no input.'),
  output: z.string().describe("Optional reference output."),
  topic: z.string(),
  view: z.string(),
  taskType: z.string(),
  difficulty: z.int().min(1).max(5).nullable().describe("1 to 5; null in unfinished drafts."),
  note: z.string(),
  // provenance and licence (issue 15)
  sourceKind: z.enum(SOURCE_KINDS).describe("Where the task came from; UNKNOWN when nobody said."),
  citation: z.string().describe('The source as a reader would look it up; "" when none.'),
  citationUrl: z.string().describe('An http(s) link to the source; "" when none.'),
  licence: z
    .string()
    .describe('An SPDX licence id (CC-BY-4.0, CC-BY-NC-4.0, MIT…), "internal" or NOASSERTION.'),
  adapted: z.boolean().describe("Changed from the source rather than copied as it was."),
};

const sourceJson = (s: StoredSource) => ({
  sourceKind: s.sourceKind as SourceKind,
  citation: s.citation,
  citationUrl: s.citationUrl,
  licence: s.licence,
  adapted: s.adapted,
});

export const seedResponseSchema = z
  .object({
    id: z.string(),
    ...seedFieldShape,
    status: z.enum(SEED_STATUSES),
    version: z
      .int()
      .min(1)
      .describe("Bumped on every saved change; send it back with PATCH, submit and review."),
    authorId: z.string(),
    authorEmail: z.string(),
    authorName: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .describe("A seed task.");
export type SeedJson = z.input<typeof seedResponseSchema>;

export const seedRevisionResponseSchema = z
  .object({
    ...seedFieldShape,
    version: z.int().min(1),
    status: z.enum(SEED_STATUSES),
    change: z.string().describe('What made this revision: "create", "edit", "import"…'),
    createdAt: dateTime,
    editor: z.string().nullable().describe("Name (or email) of who saved it."),
  })
  .describe("One saved state of a seed task.");

export const seedDetailResponseSchema = z.object({
  data: seedResponseSchema.extend({
    revisions: z.array(seedRevisionResponseSchema).describe("Every saved state, newest first."),
  }),
});
export type SeedDetailJson = z.input<typeof seedDetailResponseSchema>;

export const seedResponseEnvelope = z.object({ data: seedResponseSchema });

export const seedPageResponseSchema = z
  .object({
    data: z.array(seedResponseSchema),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  })
  .describe("Seed tasks, most recently updated first.");
export type SeedPageJson = z.input<typeof seedPageResponseSchema>;

export const transitionResponseSchema = z.object({
  data: z.object({
    id: z.string(),
    status: z.enum(SEED_STATUSES),
    version: z.int().min(1),
    approvals: z.int().min(0).describe("Approvals of this version so far."),
    required: z.int().min(1).describe("Approvals needed (an admin setting)."),
  }),
});
export type TransitionJson = z.input<typeof transitionResponseSchema>;

export const userResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  active: z.boolean(),
  createdAt: dateTime,
  lastSignInAt: dateTime.nullable(),
});
export const userResponseEnvelope = z.object({ data: userResponseSchema });
export const userListResponseSchema = z.object({ data: z.array(userResponseSchema) });

// ------------------------------------------------------------------------------------------- serialisers

export const seedJson = (s: SeedView): SeedJson => ({
  id: s.id,
  instruction: s.instruction,
  input: s.input,
  output: s.output,
  topic: s.topic,
  view: s.view,
  taskType: s.taskType,
  difficulty: s.difficulty,
  note: s.note,
  ...sourceJson(s),
  status: s.status,
  version: s.version,
  authorId: s.authorId,
  authorEmail: s.authorEmail,
  authorName: s.authorName,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const seedDetailJson = (s: SeedView, revisions: SeedRevisionView[]): SeedDetailJson => ({
  data: {
    ...seedJson(s),
    revisions: revisions.map((r) => ({
      instruction: r.instruction,
      input: r.input,
      output: r.output,
      topic: r.topic,
      view: r.view,
      taskType: r.taskType,
      difficulty: r.difficulty,
      note: r.note,
      ...sourceJson(r),
      version: r.version,
      status: r.status,
      change: r.change,
      createdAt: r.createdAt.toISOString(),
      editor: r.editor,
    })),
  },
});

export const transitionJson = (t: TransitionResult): TransitionJson => ({
  data: { id: t.id, status: t.status, version: t.version, approvals: t.approvals, required: t.required },
});
