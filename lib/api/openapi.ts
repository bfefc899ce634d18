import { z } from "zod";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { RELEASE_FORMATS } from "@/lib/dataset/publish/formats";
import {
  humanVerdictBodySchema,
  judgePromptEditSchema,
  startEvalRunBodySchema,
} from "@/lib/evaluation/api-schemas";
import { ROLE_LABELS } from "@/lib/model/roles";
import { createReleaseSchema } from "@/lib/validation/dataset";
import { createExportSchema, EXPORT_FORMATS, exportFilterSchema } from "@/lib/validation/export";
import { startJobSchema } from "@/lib/validation/generation";
import { excludeBelowBodySchema, rubricSchema, startRatingSchema } from "@/lib/validation/rating";
import { seedDraftSchema } from "@/lib/validation/seed";
import {
  createTestsetSchema,
  testItemFieldsSchema,
  testItemListQuerySchema,
  testItemPatchBodySchema,
  testItemReviewBodySchema,
  testItemSubmitBodySchema,
} from "@/lib/validation/test-item";
import { createUserSchema } from "@/lib/validation/user";
import {
  datasetDownloadQuerySchema,
  errorResponseSchema,
  releaseDownloadQuerySchema,
  reviewBodySchema,
  seedDetailResponseSchema,
  seedListApiQuerySchema,
  seedPageResponseSchema,
  seedPatchSchema,
  seedResponseEnvelope,
  seedResponseSchema,
  seedRevisionResponseSchema,
  submitBodySchema,
  transitionResponseSchema,
  userListResponseSchema,
  userResponseEnvelope,
  userResponseSchema,
} from "./schemas";

// The OpenAPI 3.1 document of /api/v1, built from the zod schemas the routes validate and answer with
// (z.toJSONSchema, input side for requests). tests/unit/openapi.test.ts walks app/api/v1 and fails for a
// route or method missing here, so add every new endpoint to OPERATIONS.

type JsonSchema = Record<string, unknown>;
type Method = "get" | "post" | "put" | "patch" | "delete";

export type OpenApiParameter = {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
};
export type OpenApiResponse = {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
};
export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  "x-permission": Permission | "public";
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse>;
};
export type OpenApiDocument = {
  openapi: "3.1.0";
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Partial<Record<Method, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, JsonSchema>;
  };
};

// Releases: the answers mirror lib/dataset/releases/store.ts's ReleaseSummary (without the card and stats).
const countSchema = z.object({ label: z.string(), count: z.int() });
// Provenance and licence (issue 15): lib/provenance/summary.ts
const sourcesSummarySchema = z
  .object({
    sources: z.array(
      z.object({
        sourceKind: z.string(),
        licence: z.string(),
        citation: z.string(),
        citationUrl: z.string(),
        adapted: z.boolean(),
        seeds: z.int().min(0),
      }),
    ),
    licences: z.array(z.object({ licence: z.string(), seeds: z.int().min(0), nonCommercial: z.boolean() })),
    nonCommercial: z.boolean().describe("Some seed is under a NonCommercial licence (CC-BY-NC-*)."),
    unrecorded: z.int().min(0).describe("Seeds whose licence nobody recorded (NOASSERTION)."),
    seeds: z.int().min(0),
  })
  .describe("The sources and licences of the seeds held, as their exported revisions record them.");
const releaseSchema = z.object({
  id: z.string(),
  number: z.int().min(1),
  name: z.string(),
  state: z.enum(["PENDING", "READY", "FAILED"]).describe("PENDING while a worker builds the files"),
  error: z.string().nullable(),
  threshold: z.number(),
  license: z.string().nullable(),
  recordCount: z.int(),
  excludedCount: z.int().describe("records excluded by reviewers"),
  duplicateCount: z
    .int()
    .describe(
      "records left out as near-duplicates (ROUGE-L above the threshold) of seeds or records taken before them",
    ),
  jobs: z.array(z.object({ id: z.string(), number: z.int() })),
  sources: sourcesSummarySchema
    .nullable()
    .describe("The seeds' sources and licences; null before they were recorded."),
  nonCommercial: z.boolean().describe("Some seed is under a NonCommercial licence: non-commercial use only."),
  creator: z.string(),
  createdAt: z.string().describe("ISO 8601"),
  readyAt: z.string().nullable(),
  files: z.array(
    z.object({
      format: z.enum(RELEASE_FORMATS),
      label: z.string(),
      fileName: z.string(),
      byteSize: z.int(),
      sha256: z.string(),
    }),
  ),
  types: z.array(countSchema).optional(),
});

// Exports: the request is the exports feature's own schema; the answers mirror lib/exports/store.ts's
// ExportSummary (that feature sends its rows as they are, so they are described here).
const exportFilterResponse = z.object({
  topic: z.string().optional(),
  view: z.string().optional(),
  type: z.string().optional(),
  difficulty: z.array(z.int().min(1).max(5)),
});
const exportSchema = z
  .object({
    id: z.string(),
    number: z.int().min(1).describe('Human-friendly, increasing: "export #12".'),
    format: z.enum(EXPORT_FORMATS),
    filter: exportFilterResponse.describe("The filter the export was made with (approved tasks only)."),
    recordCount: z.int().min(0),
    byteSize: z.int().min(0),
    sha256: z.string().describe("Of the file; also the download's ETag and X-Content-SHA256."),
    creator: z.string().describe("Name (or email) of who made it."),
    createdAt: z.string().meta({ format: "date-time" }),
    fileName: z.string(),
  })
  .describe("A snapshot of approved seed tasks, stored as exact bytes.");
const exportDetailSchema = exportSchema.extend({
  sources: sourcesSummarySchema,
  items: z
    .array(z.object({ seedId: z.string(), version: z.int().min(1), position: z.int().min(0) }))
    .describe("Each task in the file, with the revision exported, in file order."),
});

// Generation: the request is the feature's own schema; the answers mirror lib/generation/progress.ts.
const JOB_STATES = ["QUEUED", "RUNNING", "PAUSED", "COMPLETED", "FAILED", "CANCELLED"] as const;
const generationJobSchema = z
  .looseObject({
    id: z.string(),
    number: z.int().min(1),
    state: z.enum(JOB_STATES),
    seedSource: z.string().describe('Where the seeds came from, e.g. "export #3".'),
    exportId: z.string().nullable(),
    target: z.int().min(1).describe("Tasks to keep."),
    keptCount: z.int().min(0),
    responsesDone: z.int().min(0),
    costUsd: z.number().min(0),
    taskModel: z.string(),
    responseModel: z.string(),
    progress: z.number().min(0).max(1).describe("Kept tasks and responses written, over twice the target."),
    createdAt: z.string().meta({ format: "date-time" }),
  })
  .describe(
    "A generation job; the single-job answer adds settings, counters by reason, ETA, latest tasks and log.",
  );

/** Named schemas, emitted under components.schemas and referenced by name below. */
const ratingJobSchema = z.object({
  id: z.string(),
  number: z.int().min(1),
  state: z.enum(JOB_STATES),
  generationJobId: z.string().nullable(),
  releaseId: z.string().nullable(),
  model: z.string(),
  rubricVersion: z.int(),
  total: z.int(),
  done: z.int(),
  cached: z.int().describe("answered from the cache, at no cost"),
  unparsed: z.int().describe("answers with no readable score after one retry"),
  costUsd: z.number(),
  estimateUsd: z.number().nullable(),
  budgetUsd: z.number().nullable(),
  error: z.string().nullable(),
});

const COMPONENTS = {
  Error: errorResponseSchema,
  Seed: seedResponseSchema,
  SeedRevision: seedRevisionResponseSchema,
  SeedResponse: seedResponseEnvelope,
  SeedDetailResponse: seedDetailResponseSchema,
  SeedPage: seedPageResponseSchema,
  SeedCreateRequest: seedDraftSchema,
  SeedPatchRequest: seedPatchSchema,
  SubmitRequest: submitBodySchema,
  ReviewRequest: reviewBodySchema,
  TransitionResponse: transitionResponseSchema,
  User: userResponseSchema,
  UserResponse: userResponseEnvelope,
  UserListResponse: userListResponseSchema,
  UserCreateRequest: createUserSchema,
  Export: exportSchema,
  ExportResponse: z.object({ data: exportSchema }),
  ExportDetailResponse: z.object({ data: exportDetailSchema }),
  ExportListResponse: z.object({ data: z.array(exportSchema) }),
  ExportCreateRequest: createExportSchema,
  ExportPreviewResponse: z.object({
    data: z.object({
      seeds: z.int().min(0).describe("approved tasks matching the filter now"),
      unscreened: z
        .int()
        .min(0)
        .describe(
          "of them, those no approval found clear of PHI (approved before screening, imported as approved): the export screens them as it is made",
        ),
      withPhi: z
        .int()
        .min(0)
        .nullable()
        .describe(
          "of those, the ones with a possible patient identifier nobody resolved: the export is refused while any is left (null: more than 200 to screen, not screened by the preview)",
        ),
    }),
  }),
  GenerationJob: generationJobSchema,
  GenerationJobResponse: z.object({ data: generationJobSchema }),
  GenerationJobListResponse: z.object({ data: z.array(generationJobSchema) }),
  GenerationJobCreateRequest: startJobSchema,
  GenerationJobCreatedResponse: z.object({ data: z.object({ id: z.string(), number: z.int().min(1) }) }),
  GenerationCommandResponse: z.object({ data: z.object({ ok: z.boolean() }) }),
  Release: releaseSchema,
  ReleaseResponse: z.object({ data: releaseSchema }),
  ReleaseListResponse: z.object({ data: z.array(releaseSchema) }),
  ReleaseCreateRequest: createReleaseSchema,
  ReleaseCreatedResponse: z.object({
    data: z.object({
      id: z.string(),
      number: z.int().min(1),
      nonCommercial: z
        .boolean()
        .describe("Some seed behind it is under a NonCommercial licence; the release and its card say so."),
      licences: sourcesSummarySchema.shape.licences,
      warnings: z.array(z.string()).describe("For the publisher: non-commercial terms, unrecorded licences."),
    }),
  }),
  // Evaluation (issue 16): loose shapes; the results object is the CLI's contract (README, Evaluation).
  EvalRunListResponse: z.object({ data: z.array(z.record(z.string(), z.unknown())) }),
  EvalRunCreateRequest: startEvalRunBodySchema,
  EvalRunCreatedResponse: z.object({
    data: z
      .object({ id: z.string(), number: z.int().min(1), estimate: z.record(z.string(), z.unknown()) })
      .loose(),
  }),
  EvalRunResponse: z.object({
    data: z.object({
      run: z.record(z.string(), z.unknown()),
      progress: z.object({ done: z.int(), total: z.int() }),
      agreement: z.unknown(),
      result: z.record(z.string(), z.unknown()),
    }),
  }),
  EvalItemResponse: z.object({
    data: z
      .object({
        run: z.record(z.string(), z.unknown()),
        item: z.record(z.string(), z.unknown()),
        nextId: z.string().nullable(),
        answers: z
          .array(
            z.object({
              letter: z
                .enum(["A", "B"])
                .nullable()
                .describe("as a clinician judging blind sees it, else null"),
              side: z
                .enum(["candidate", "reference"])
                .nullable()
                .describe("null while a clinician judging blind has not recorded a verdict"),
              text: z.string(),
            }),
          )
          .length(2),
        mine: z
          .object({ outcome: z.string(), blindOutcome: z.string(), answer: z.string().nullable() })
          .nullable()
          .describe(
            "the caller's verdict as it stands, as first recorded (what the agreement counts), as shown",
          ),
        judgeHidden: z
          .boolean()
          .describe("a blind judge's view before their verdict: the judge's verdicts left out"),
        judgeFolded: z
          .boolean()
          .describe(
            "whoever runs evaluations, before their own verdict: the page folds the judge's verdicts away",
          ),
      })
      .loose(),
  }),
  HumanVerdictRequest: humanVerdictBodySchema,
  JudgePromptRequest: judgePromptEditSchema,
  JudgePromptResponse: z.object({ data: z.object({}).loose() }),
  // Test items written in the app (issue 16)
  TestSetCreateRequest: createTestsetSchema,
  TestSetCreatedResponse: z.object({ data: z.object({ id: z.string(), name: z.string() }) }),
  TestSetFrozenResponse: z.object({
    data: z.object({
      versionId: z.string(),
      number: z.int().min(1),
      items: z.int().describe("items in the new version"),
      added: z.int().describe("approved items it added"),
    }),
  }),
  TestItemCreateRequest: testItemFieldsSchema,
  TestItemPatchRequest: testItemPatchBodySchema,
  TestItemSubmitRequest: testItemSubmitBodySchema,
  TestItemReviewRequest: testItemReviewBodySchema,
  TestItemResponse: z.object({
    data: z
      .object({
        id: z.string(),
        testSetId: z.string(),
        state: z.string(),
        version: z.int().min(1),
        instruction: z.string(),
      })
      .loose(),
  }),
  TestItemListResponse: z.object({
    data: z.array(z.record(z.string(), z.unknown())),
    waiting: z.int().describe("approved items not yet in a frozen version"),
  }),
  RatingJobCreateRequest: startRatingSchema,
  RatingJobCreatedResponse: z.object({
    data: z.object({ id: z.string(), number: z.int().min(1), estimate: z.object({}).loose() }),
  }),
  RatingJobResponse: z.object({ data: ratingJobSchema }),
  RubricRequest: rubricSchema,
  RubricResponse: z.object({ data: z.object({}).loose() }),
  ExcludeBelowRequest: excludeBelowBodySchema,
  ExcludeBelowResponse: z.object({ data: z.object({}).loose() }),
} satisfies Record<string, z.ZodType>;
type ComponentName = keyof typeof COMPONENTS;

type Operation = {
  method: Method;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  permission: Permission | "public";
  query?: z.ZodObject;
  body?: ComponentName;
  ok: {
    status: number;
    description: string;
    schema?: ComponentName;
    content?: Record<string, JsonSchema>;
    headers?: OpenApiResponse["headers"];
  };
  /** Expected failures besides 400/401/403 (added for every protected operation) and 413 (for a body). */
  errors?: (400 | 404 | 409)[];
};

const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/seeds",
    operationId: "listSeeds",
    tag: "Seeds",
    summary: "List seed tasks",
    description:
      "Most recently updated first, with the seed list's filters. Cursor paging: pass `nextCursor` back as " +
      "`cursor` until it is null. A task edited while you page moves to the front of the list.",
    permission: "seed.read",
    query: seedListApiQuerySchema,
    ok: { status: 200, description: "One page of seed tasks.", schema: "SeedPage" },
    errors: [400],
  },
  {
    method: "post",
    path: "/api/v1/seeds",
    operationId: "createSeed",
    tag: "Seeds",
    summary: "Create a seed task",
    description:
      "Saves a draft as you. Only the instruction is required; topic, view and task type are folded onto " +
      "their vocabulary values. The `Location` header names the new task.",
    permission: "seed.create",
    body: "SeedCreateRequest",
    ok: {
      status: 201,
      description: "The new draft.",
      schema: "SeedResponse",
      headers: { Location: { description: "The new task's URL.", schema: { type: "string" } } },
    },
    errors: [400],
  },
  {
    method: "get",
    path: "/api/v1/seeds/{id}",
    operationId: "getSeed",
    tag: "Seeds",
    summary: "Get a seed task with its revisions",
    permission: "seed.read",
    ok: { status: 200, description: "The task and every saved state.", schema: "SeedDetailResponse" },
    errors: [404],
  },
  {
    method: "patch",
    path: "/api/v1/seeds/{id}",
    operationId: "updateSeed",
    tag: "Seeds",
    summary: "Change a seed task",
    description:
      "Only the fields sent change; `version` must be the task's current version. Authors change their own " +
      "tasks, admins any. Changing an approved task sends it back to review. Sending nothing new makes no new version.",
    permission: "seed.edit",
    body: "SeedPatchRequest",
    ok: { status: 200, description: "The task as saved.", schema: "SeedResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/seeds/{id}/submit",
    operationId: "submitSeed",
    tag: "Review",
    summary: "Submit a seed task for review",
    description:
      "From draft or changes-requested. The task must be complete (topic, view, task type, difficulty): " +
      "otherwise 400 naming the missing fields.",
    permission: "seed.submit",
    body: "SubmitRequest",
    ok: { status: 200, description: "The task's new status.", schema: "TransitionResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/seeds/{id}/review",
    operationId: "reviewSeed",
    tag: "Review",
    summary: "Approve, request changes on, or reject a submitted task",
    description:
      "A decision on the version you saw. `reason` is required unless approving. Your own tasks, and tasks " +
      "you edited since they were last approved, answer 403 (four-eyes rule); a second decision on the same version in the same review round (a resubmission " +
      "starts a new one), a stale version or a task that is not submitted answer 409. A task is approved once it has the required number of approvals.",
    permission: "seed.approve",
    body: "ReviewRequest",
    ok: { status: 200, description: "The task's status after the decision.", schema: "TransitionResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/users",
    operationId: "listUsers",
    tag: "Users",
    summary: "List accounts",
    permission: "user.manage",
    ok: { status: 200, description: "Every account.", schema: "UserListResponse" },
  },
  {
    method: "post",
    path: "/api/v1/users",
    operationId: "createUser",
    tag: "Users",
    summary: "Create an account",
    permission: "user.manage",
    body: "UserCreateRequest",
    ok: { status: 201, description: "The new account.", schema: "UserResponse" },
    errors: [400, 409],
  },
  {
    method: "get",
    path: "/api/v1/exports",
    operationId: "listExports",
    tag: "Exports",
    summary: "List seed exports",
    permission: "export.read",
    ok: { status: 200, description: "The latest exports, newest first.", schema: "ExportListResponse" },
  },
  {
    method: "post",
    path: "/api/v1/exports",
    operationId: "createExport",
    tag: "Exports",
    summary: "Export approved seed tasks",
    description:
      "Snapshots the approved tasks matching `filter` in the chosen format. The file never changes " +
      "afterwards: download it any time.",
    permission: "export.create",
    body: "ExportCreateRequest",
    ok: { status: 201, description: "The new export.", schema: "ExportResponse" },
    errors: [400],
  },
  {
    method: "get",
    path: "/api/v1/exports/preview",
    operationId: "previewExport",
    tag: "Exports",
    summary: "Count the seeds an export would hold",
    description:
      "How many approved tasks an export with this filter would hold if made now (`difficulty` as `4,5`), and how many of them would stop it for a possible patient identifier nobody resolved. Nothing is written.",
    permission: "export.create",
    query: exportFilterSchema,
    ok: { status: 200, description: "The count.", schema: "ExportPreviewResponse" },
    errors: [400],
  },
  {
    method: "get",
    path: "/api/v1/exports/{id}",
    operationId: "getExport",
    tag: "Exports",
    summary: "Get one export with its items",
    permission: "export.read",
    ok: { status: 200, description: "The export and the tasks it holds.", schema: "ExportDetailResponse" },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/exports/{id}/download",
    operationId: "downloadExport",
    tag: "Exports",
    summary: "Download an export's file",
    description: "The file in the export's format (JSON, JSONL or CSV), streamed.",
    permission: "export.read",
    ok: {
      status: 200,
      description: "The file.",
      content: {
        "application/octet-stream": { type: "string", contentMediaType: "application/octet-stream" },
      },
    },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/generation/jobs",
    operationId: "listGenerationJobs",
    tag: "Generation",
    summary: "List generation jobs",
    permission: "generation.read",
    ok: { status: 200, description: "The latest jobs, newest first.", schema: "GenerationJobListResponse" },
  },
  {
    method: "post",
    path: "/api/v1/generation/jobs",
    operationId: "startGenerationJob",
    tag: "Generation",
    summary: "Start a generation job from an export",
    description:
      "Validates the settings and queues the job; a worker runs it. Watch it with GET /api/v1/generation/jobs/{id}.",
    permission: "generation.run",
    body: "GenerationJobCreateRequest",
    ok: { status: 201, description: "The queued job.", schema: "GenerationJobCreatedResponse" },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/generation/jobs/{id}",
    operationId: "getGenerationJob",
    tag: "Generation",
    summary: "Get a job's live state",
    permission: "generation.read",
    ok: {
      status: 200,
      description: "State, counters, ETA, latest kept tasks and log.",
      schema: "GenerationJobResponse",
    },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/v1/generation/jobs/{id}/{command}",
    operationId: "commandGenerationJob",
    tag: "Generation",
    summary: "Pause, resume or cancel a job",
    description: "`command` is `pause`, `resume` or `cancel`. 409 when the job's state does not allow it.",
    permission: "generation.run",
    ok: { status: 200, description: "Done.", schema: "GenerationCommandResponse" },
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/api/v1/generation/jobs/{id}/dataset",
    operationId: "downloadGenerationDataset",
    tag: "Generation",
    summary: "Download the generated dataset",
    description:
      "`?format=alpaca` (default): JSON `[{instruction, input, output}]`, the MedInstruct-52k shape. " +
      "`?format=jsonl`: one record per line with type, topic, view, difficulty and provenance.",
    permission: "generation.read",
    query: datasetDownloadQuerySchema,
    ok: {
      status: 200,
      description: "The kept tasks with their responses, in the order they were kept.",
      content: {
        "application/json": { type: "array" },
        "application/x-ndjson": { type: "string" },
      },
    },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/datasets/releases",
    operationId: "listReleases",
    tag: "Datasets",
    summary: "List published datasets",
    permission: "dataset.read",
    ok: { status: 200, description: "The latest releases, newest first.", schema: "ReleaseListResponse" },
  },
  {
    method: "post",
    path: "/api/v1/datasets/releases",
    operationId: "createRelease",
    tag: "Datasets",
    summary: "Publish a dataset from finished jobs",
    description:
      "Queues the release; a worker builds its files (the jobs' kept, answered, not excluded records, de-duplicated across jobs at `threshold`). Poll GET /api/v1/datasets/releases/{id} until `state` is READY.",
    permission: "dataset.publish",
    body: "ReleaseCreateRequest",
    ok: { status: 201, description: "The queued release.", schema: "ReleaseCreatedResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/datasets/releases/{id}",
    operationId: "getRelease",
    tag: "Datasets",
    summary: "Get a published dataset",
    permission: "dataset.read",
    ok: {
      status: 200,
      description: "The release with its files and their SHA-256.",
      schema: "ReleaseResponse",
    },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/datasets/releases/{id}/download",
    operationId: "downloadRelease",
    tag: "Datasets",
    summary: "Download a release file",
    description:
      "`?format=alpaca` (default) JSON `[{instruction, input, output}]`; `jsonl` with tags and provenance; `csv`; `hf` the Hugging Face dataset folder as a zip (data/train.jsonl and a README dataset card). The `X-Content-SHA256` header holds the file's SHA-256.",
    permission: "dataset.read",
    query: releaseDownloadQuerySchema,
    ok: {
      status: 200,
      description: "The file, byte for byte as published.",
      content: {
        "application/octet-stream": { type: "string", contentMediaType: "application/octet-stream" },
      },
    },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Meta",
    summary: "This OpenAPI document",
    permission: "public",
    ok: {
      status: 200,
      description: "The OpenAPI 3.1 document.",
      content: { "application/json": { type: "object" } },
    },
  },
  {
    method: "get",
    path: "/api/v1/evaluation/runs",
    operationId: "listEvalRuns",
    tag: "Evaluation",
    summary: "List evaluation runs",
    permission: "evaluation.read",
    ok: {
      status: 200,
      description: "Runs, newest first, with their win rates.",
      schema: "EvalRunListResponse",
    },
  },
  {
    method: "post",
    path: "/api/v1/evaluation/runs",
    operationId: "startEvalRun",
    tag: "Evaluation",
    summary: "Start an evaluation run",
    description:
      "One candidate (an OpenAI-compatible endpoint, or an alpaca_eval outputs file as text) against one reference on the latest frozen version of a test set, judged pairwise in both orders, with `judgePromptVersion` (default the newest). `keys.candidate` / `keys.judge`: `{apiKey}` or `{credentialId}` of a stored key, sealed with the run (needs MEDSEED_ENCRYPTION_KEY) and never returned; without them the worker's environment gives the keys. Queued; a worker drives it.",
    permission: "evaluation.run",
    body: "EvalRunCreateRequest",
    ok: {
      status: 201,
      description: "The queued run and its cost estimate.",
      schema: "EvalRunCreatedResponse",
    },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/evaluation/runs/{id}",
    operationId: "getEvalRun",
    tag: "Evaluation",
    summary: "Get an evaluation run",
    description:
      "State, progress, clinician agreement, and `result`: the results JSON of the CLI's `eval run --out`. `run.keys` (where the API keys come from, by their last characters) is for whoever runs evaluations (evaluation.run), null for anyone else; a clinician who judges blind gets a null `result`.",
    permission: "evaluation.read",
    ok: { status: 200, description: "The run.", schema: "EvalRunResponse" },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/evaluation/runs/{id}/items/{itemId}",
    operationId: "getEvalItem",
    tag: "Evaluation",
    summary: "Get an item of an evaluation run, as its page shows it",
    description:
      "The two answers in the order shown. A clinician who judges blind gets them as A and B (an order of their own, the same on every call) without the models' names, and no judge's verdicts, until they record their own; whoever runs evaluations gets them named. `{id}` is the run's id or number.",
    permission: "evaluation.read",
    ok: { status: 200, description: "The item.", schema: "EvalItemResponse" },
    errors: [404],
  },
  {
    method: "put",
    path: "/api/v1/evaluation/runs/{id}/items/{itemId}/verdict",
    operationId: "recordEvalVerdict",
    tag: "Evaluation",
    summary: "Record your own verdict on an item of an evaluation run",
    description:
      "One of `outcome` (`candidate`, `reference`, `tie`) or `answer` (`A`, `B`, `tie`, as GET showed the answers), and an optional `note`. A second call changes the verdict (audited each time); the agreement with the judge keeps the verdict as first recorded. Answers with the item as it now shows: the answers named, the judge's verdicts shown.",
    permission: "evaluation.judge",
    body: "HumanVerdictRequest",
    ok: { status: 200, description: "The item with your verdict.", schema: "EvalItemResponse" },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/api/v1/evaluation/runs/{id}/{command}",
    operationId: "commandEvalRun",
    tag: "Evaluation",
    summary: "Pause, resume or cancel an evaluation run",
    description:
      "`command` is `pause`, `resume` (optional `{budgetUsd}`) or `cancel`. 409 when the run's state does not allow it.",
    permission: "evaluation.run",
    ok: { status: 200, description: "Done.", schema: "GenerationCommandResponse" },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/api/v1/evaluation/testsets",
    operationId: "createTestSet",
    tag: "Evaluation",
    summary: "Create an empty test set",
    description: "For clinicians to write items into; its first version is made by freezing approved items.",
    permission: "testset.write",
    body: "TestSetCreateRequest",
    ok: { status: 201, description: "The new test set.", schema: "TestSetCreatedResponse" },
    errors: [400, 409],
  },
  {
    method: "get",
    path: "/api/v1/evaluation/testsets/{id}/items",
    operationId: "listTestItems",
    tag: "Evaluation",
    summary: "List the test items written in the app",
    permission: "evaluation.read",
    query: testItemListQuerySchema,
    ok: { status: 200, description: "Items, newest first.", schema: "TestItemListResponse" },
    errors: [400],
  },
  {
    method: "post",
    path: "/api/v1/evaluation/testsets/{id}/items",
    operationId: "createTestItem",
    tag: "Evaluation",
    summary: "Write a new test item (a draft)",
    permission: "testset.write",
    body: "TestItemCreateRequest",
    ok: { status: 201, description: "The draft, at version 1.", schema: "TestItemResponse" },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/api/v1/evaluation/testsets/{id}/freeze",
    operationId: "freezeTestSetVersion",
    tag: "Evaluation",
    summary: "Freeze a new version: the latest one plus the approved items",
    description: "400 when no approved item is waiting.",
    permission: "testset.write",
    ok: { status: 201, description: "The new frozen version.", schema: "TestSetFrozenResponse" },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/evaluation/test-items/{id}",
    operationId: "getTestItem",
    tag: "Evaluation",
    summary: "Get a test item written in the app",
    permission: "evaluation.read",
    ok: { status: 200, description: "The item.", schema: "TestItemResponse" },
    errors: [404],
  },
  {
    method: "patch",
    path: "/api/v1/evaluation/test-items/{id}",
    operationId: "updateTestItem",
    tag: "Evaluation",
    summary: "Edit a draft or sent-back test item",
    description:
      "`version` is the version the edit started from: 409, nothing saved, when the item moved on.",
    permission: "testset.write",
    body: "TestItemPatchRequest",
    ok: { status: 200, description: "The item at its new version.", schema: "TestItemResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/evaluation/test-items/{id}/submit",
    operationId: "submitTestItem",
    tag: "Evaluation",
    summary: "Submit a test item for review",
    permission: "testset.write",
    body: "TestItemSubmitRequest",
    ok: { status: 200, description: "The submitted item.", schema: "TestItemResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "post",
    path: "/api/v1/evaluation/test-items/{id}/review",
    operationId: "reviewTestItem",
    tag: "Evaluation",
    summary: "Approve, send back or reject a submitted test item",
    description:
      "A comment is required to send back or reject. 400 when approving an item with an open PHI finding.",
    permission: "testitem.review",
    body: "TestItemReviewRequest",
    ok: { status: 200, description: "The decided item.", schema: "TestItemResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/evaluation/runs/{id}/download",
    operationId: "downloadEvalRun",
    tag: "Evaluation",
    summary: "Download a run's results",
    description:
      "`?format=json` (default): the results JSON; `csv`: one row per item; `annotations`: alpaca_eval-style annotations.",
    permission: "evaluation.read",
    ok: {
      status: 200,
      description: "The file.",
      content: { "application/json": { type: "object" }, "text/csv": { type: "string" } },
    },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/evaluation/judge-prompt",
    operationId: "getJudgePrompt",
    tag: "Evaluation",
    summary: "The judge's prompt template and its versions",
    description:
      "`current`: the newest version; `shown`: the one asked for with `?version=N` (else the newest); `history`: every version, newest first; `placeholders`: what the template must contain.",
    permission: "evaluation.read",
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    ok: { status: 200, description: "The template and its versions.", schema: "JudgePromptResponse" },
    errors: [404],
  },
  {
    method: "put",
    path: "/api/v1/evaluation/judge-prompt",
    operationId: "editJudgePrompt",
    tag: "Evaluation",
    summary: "Save a new judge prompt version",
    description:
      "`basedOn` is the version edited (409 when a newer one was saved meanwhile). A template missing `{{instruction}}`, `{{output_a}}` or `{{output_b}}` is refused (400) naming it. Runs already made keep their version.",
    permission: "evaluation.prompt",
    body: "JudgePromptRequest",
    ok: { status: 200, description: "The new version.", schema: "JudgePromptResponse" },
    errors: [400, 409],
  },
];

OPERATIONS.push(
  {
    method: "post",
    path: "/api/v1/rating/jobs",
    operationId: "startRatingJob",
    tag: "Rating",
    summary: "Rate a job's kept records or a release with an LLM rater",
    description:
      "Freezes the records and the current rubric, estimates the cost (texts rated before with the same rubric and model are free) and queues the job; watch it with GET /api/v1/rating/jobs/{id}.",
    permission: "rating.run",
    body: "RatingJobCreateRequest",
    ok: {
      status: 201,
      description: "The queued rating job and its estimate.",
      schema: "RatingJobCreatedResponse",
    },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/rating/jobs/{id}",
    operationId: "getRatingJob",
    tag: "Rating",
    summary: "Get a rating job's live progress",
    permission: "dataset.read",
    ok: {
      status: 200,
      description: "State, records done and cached, unparsed, cost.",
      schema: "RatingJobResponse",
    },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/v1/rating/jobs/{id}/{command}",
    operationId: "commandRatingJob",
    tag: "Rating",
    summary: "Pause, resume or cancel a rating job",
    description:
      '`command` is `pause`, `resume` or `cancel`. Resume takes an optional JSON body `{"budgetUsd": 5}` that ' +
      "raises the budget the job paused at (400 when it is not above what is already spent). 409 when the " +
      "job's state does not allow the command.",
    permission: "rating.run",
    ok: { status: 200, description: "Done.", schema: "GenerationCommandResponse" },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/api/v1/rating/rubric",
    operationId: "getRubric",
    tag: "Rating",
    summary: "The rater's rubric and its versions",
    permission: "dataset.read",
    ok: { status: 200, description: "The current rubric and its history.", schema: "RubricResponse" },
  },
  {
    method: "put",
    path: "/api/v1/rating/rubric",
    operationId: "editRubric",
    tag: "Rating",
    summary: "Save a new rubric version",
    permission: "rating.rubric",
    body: "RubricRequest",
    ok: { status: 200, description: "The new version.", schema: "RubricResponse" },
    errors: [400, 409],
  },
  {
    method: "post",
    path: "/api/v1/datasets/jobs/{id}/exclude-below",
    operationId: "excludeBelowRating",
    tag: "Datasets",
    summary: "Exclude every kept record of a job rated below a threshold",
    description:
      "One audited, reversible curation action. With `preview: true`, only the losses per task type and difficulty.",
    permission: "dataset.curate",
    body: "ExcludeBelowRequest",
    ok: {
      status: 200,
      description: "The preview, or the action's id and count.",
      schema: "ExcludeBelowResponse",
    },
    errors: [400, 404],
  },
);

const TAGS = [
  { name: "Seeds", description: "Seed tasks: list, read, write." },
  { name: "Review", description: "Moving a task through review." },
  { name: "Exports", description: "Versioned seed files made from approved tasks." },
  { name: "Generation", description: "Self-instruct jobs and their datasets." },
  {
    name: "Evaluation",
    description: "Runs judging a candidate model against reference answers on a test set.",
  },
  {
    name: "Datasets",
    description: "Published datasets: curated, de-duplicated snapshots of generated records.",
  },
  { name: "Rating", description: "LLM rating of generated records." },
  { name: "Users", description: "Accounts (admins)." },
  { name: "Meta", description: "About the API itself." },
];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request: `error.fields` names each bad field (body or query parameter).",
  401: "No valid token: missing, unknown, revoked, or its owner deactivated.",
  403: "Your roles do not allow this.",
  404: "Not found (or not yours to change).",
  409: "Conflict: a stale `version`, or not allowed from the task's current status. Reload and retry.",
  413: "The request body is over 1 MB; nothing was read past the limit or changed.",
};

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ "application/json": { schema } });

/** zod marks integers with the safe-integer range; that is noise in a document. */
function tidy(ctx: { jsonSchema: JsonSchema }) {
  const s = ctx.jsonSchema;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
}

function withoutMeta({ $schema: _s, $id: _i, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "input",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => [
      id,
      id.endsWith("Request") ? closed(withoutMeta(s as JsonSchema)) : withoutMeta(s as JsonSchema),
    ]),
  );
}

/**
 * A request body's objects take no field they do not name: the API refuses one with a 400 (lib/auth/route.ts,
 * lib/validation/unknown-keys.ts), and the document says so. An object with a catch-all of its own keeps it.
 */
function closed(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node as JsonSchema)) out[key] = walk(value);
    if (out.type === "object" && out.properties && out.additionalProperties === undefined)
      out.additionalProperties = false;
    return out;
  };
  return walk(schema) as JsonSchema;
}

function queryParameters(query: z.ZodObject): OpenApiParameter[] {
  return Object.entries(query.shape).map(([name, field]) => {
    const { description, ...schema } = withoutMeta(
      z.toJSONSchema(field as z.ZodType, {
        io: "input",
        unrepresentable: "any",
        override: tidy,
      }) as JsonSchema,
    );
    const isArray = schema.type === "array";
    return {
      name,
      in: "query" as const,
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === "string" ? { description } : {}),
      schema,
      ...(isArray ? { style: "form", explode: false } : {}),
    };
  });
}

function permissionText(permission: Permission | "public"): string {
  if (permission === "public") return "Public: no token needed.";
  const roles = PERMISSIONS[permission].map((r) => ROLE_LABELS[r]).join(", ");
  return `Requires \`${permission}\` (${roles}).`;
}

function operation(op: Operation): OpenApiOperation {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map(
    ([, name]): OpenApiParameter => ({
      name: name as string,
      in: "path",
      required: true,
      schema: { type: "string" },
    }),
  );
  const parameters = [...pathParams, ...(op.query ? queryParameters(op.query) : [])];
  const okContent = op.ok.schema
    ? json(ref(op.ok.schema))
    : op.ok.content
      ? mapContent(op.ok.content)
      : undefined;
  const responses: Record<string, OpenApiResponse> = {
    [op.ok.status]: {
      description: op.ok.description,
      ...(okContent ? { content: okContent } : {}),
      ...(op.ok.headers ? { headers: op.ok.headers } : {}),
    },
  };
  // Any protected operation can answer 400 (a query parameter it does not take, a NUL in a path parameter).
  const failures = [
    ...new Set([
      ...(op.permission === "public" ? [] : [400, 401, 403]),
      ...(op.errors ?? []),
      ...(op.body ? [413] : []),
    ]),
  ].sort();
  for (const status of failures) {
    responses[status] = { description: ERROR_DESCRIPTIONS[status] ?? "Error.", content: json(ref("Error")) };
  }
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, permissionText(op.permission)].filter(Boolean).join("\n\n"),
    "x-permission": op.permission,
    ...(op.permission === "public" ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(ref(op.body)) } } : {}),
    responses,
  };
}

function mapContent(content: Record<string, JsonSchema>) {
  return Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }]));
}

function build(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    (paths[op.path] as Partial<Record<Method, OpenApiOperation>>)[op.method] = operation(op);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "MedSeed API",
      version: "1",
      description:
        "Seed tasks, review and exports over HTTP. Authenticate with a personal API token (user menu → API " +
        "tokens) sent as `Authorization: Bearer <token>`; a token acts as you, with your current roles. " +
        "Request bodies are JSON (`Content-Type: application/json`, UTF-8) of at most 1 MB: a larger one is " +
        "refused with 413 before it is read. Query parameters are strict: one an operation does not list, a " +
        "number written other than as plain decimal digits (`1e2`, `0x10`, ` 10`), or a value that is not " +
        "valid percent-encoded UTF-8 is a 400 naming the parameter. Text holding a NUL (U+0000) or half a " +
        "surrogate pair is a 400 naming the field. Errors are `{error: {code, message, fields?}}` with the " +
        "matching status code. Every answer is `Cache-Control: no-store`. Lists page by cursor.",
    },
    tags: TAGS,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "msd_…",
          description: "A personal API token, created on the API tokens page.",
        },
      },
      schemas: componentSchemas(),
    },
  };
}

let cached: OpenApiDocument | undefined;

/** Built once per process: it depends on code only. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
