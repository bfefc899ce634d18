import { z } from "zod";
import { labelledInt, labelledNumber, optionalNumber } from "./numbers";

// Settings of a generation job, shared by the form, the server action, the API, the CLI and the engine
// (which re-reads them from the job row). Defaults follow AlpaCare (PIPELINE.md sections 2-4).

export const PROVIDER_KINDS = ["openai", "openai-compatible", "anthropic"] as const;
export type ProviderKindName = (typeof PROVIDER_KINDS)[number];
export const PROVIDER_LABELS: Record<ProviderKindName, string> = {
  openai: "OpenAI",
  "openai-compatible": "OpenAI-compatible server (Azure OpenAI, vLLM, Ollama, LM Studio...)",
  anthropic: "Anthropic",
};

export const FILTER_NAMES = ["length", "blacklist", "program", "first_char"] as const;
export type FilterNameSetting = (typeof FILTER_NAMES)[number];
export const FILTER_LABELS: Record<FilterNameSetting, string> = {
  length: "Instruction of 4 to 150 words (3 or fewer dropped, as in Alpaca)",
  blacklist: "No image, graph, file, map, video, audio, diagram... tasks",
  program: 'Not "Write a program..."',
  first_char: "Starts with a letter or digit (no punctuation, non-ASCII)",
};

const num = labelledNumber;
const int = labelledInt;
const optionalNum = optionalNumber;
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** An OpenAI-compatible provider names its server (settings of generation and rating jobs). */
export function compatibleNeedsBaseUrl(
  s: { provider: { kind: string; baseUrl?: string } },
  ctx: z.RefinementCtx,
): void {
  if (s.provider.kind === "openai-compatible" && !s.provider.baseUrl)
    ctx.addIssue({
      code: "custom",
      path: ["provider", "baseUrl"],
      message: "Base URL: an OpenAI-compatible server needs its URL, e.g. http://localhost:8000/v1",
    });
}

export const providerSchema = z.object({
  kind: z
    .enum(PROVIDER_KINDS, { error: `Choose a provider: ${PROVIDER_KINDS.join(", ")}` })
    .default("openai"),
  /** required for openai-compatible; optional override for the others */
  baseUrl: z
    .string()
    .trim()
    .transform((v) => v.replace(/\/+$/, "") || undefined)
    .pipe(
      z
        .url({ protocol: /^https?$/, error: "Base URL: an http(s) URL like http://localhost:8000/v1" })
        .optional(),
    )
    .optional(),
  /** a stored credential (encrypted key); when absent the key comes from the environment */
  credentialId: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .optional(),
});

export const jobSettingsSchema = z
  .object({
    target: int(1, 200_000, "Target").default(100),
    perRequest: int(1, 30, "Tasks per request").default(12),
    seedsPerRequest: int(1, 10, "Seeds per request").default(3),
    taskModel: z.string().trim().min(1, { error: "Task model: name a model, e.g. gpt-4" }).default("gpt-4"),
    responseModel: z
      .string()
      .trim()
      .min(1, { error: "Response model: name a model, e.g. gpt-3.5-turbo" })
      .default("gpt-3.5-turbo"),
    provider: providerSchema.prefault({}),
    temperature: num(0, 2, "Temperature").default(1),
    topP: num(0, 1, "top_p").default(1),
    presencePenalty: num(-2, 2, "Presence penalty").default(1.5),
    frequencyPenalty: num(-2, 2, "Frequency penalty").default(0),
    /** per task request; sized to perRequest when absent */
    maxTokens: optionalNum(int(64, 200_000, "Max tokens")),
    responseMaxTokens: int(16, 32_000, "Response max tokens").default(300),
    concurrency: int(1, 256, "Concurrency").default(8),
    /** tokens per minute cap for this worker process; none when absent */
    tokensPerMinute: optionalNum(int(1000, 100_000_000, "Tokens per minute")),
    threshold: num(0, 1, "ROUGE-L threshold").default(0.7),
    filters: z
      .object({
        length: checkbox.default(true),
        blacklist: checkbox.default(true),
        program: checkbox.default(true),
        first_char: checkbox.default(true),
      })
      .prefault({}),
    /** version of the filters' rules (lib/generation/filters.ts); set by createJob, absent on older jobs = 1 */
    filterVersion: optionalNum(int(1, 2, "Filter version")),
    /**
     * The PHI gate on model-written text (the tasks a model generated, sent back in response prompts):
     * "pause" stops the job on a finding like any other; "warn" logs it and sends the request. The provider
     * wrote that text itself and no patient record went into it, but models invent "a 92-year-old" and
     * "Mrs. Jones" freely, and a 52k job would stop at each. Seeds are always screened and stop the job.
     */
    phiModelText: z
      .enum(["pause", "warn"], { error: 'Model-written text: "pause" or "warn"' })
      .default("pause"),
    /** the job pauses when its cost reaches this many US dollars */
    budgetUsd: optionalNum(num(0.01, 1_000_000, "Budget")),
    rngSeed: optionalNum(int(0, 2_147_483_647, "Random seed")),
    requestTimeoutMs: int(100, 3_600_000, "Request timeout").default(120_000),
    /** attempts per request before the job pauses */
    maxAttempts: int(1, 50, "Attempts per request").default(6),
    /** consecutive failed calls before the job pauses */
    failureLimit: int(1, 1000, "Failures in a row").default(10),
    /** first retry wait; doubles with jitter up to a minute (Retry-After wins when the server sends it) */
    retryBaseMs: int(1, 60_000, "Retry wait").default(1000),
  })
  .superRefine(compatibleNeedsBaseUrl);
export type JobSettings = z.output<typeof jobSettingsSchema>;
export type JobSettingsInput = z.input<typeof jobSettingsSchema>;

export const startJobSchema = z.object({
  exportId: z.string().trim().min(1, { error: "Choose the seed export to generate from" }),
  settings: jobSettingsSchema.prefault({}),
});

export const jobIdSchema = z.object({ jobId: z.string().trim().min(1) });

/** Resuming may raise the budget a job paused at. */
/** What a resume may change: a raised budget, and how the PHI gate treats model-written text from now on. */
export const resumeOptionsSchema = z.object({
  budgetUsd: z.coerce.number().positive().optional(),
  phiModelText: z.enum(["pause", "warn"], { error: 'phiModelText: "pause" or "warn"' }).optional(),
});
export const resumeJobSchema = jobIdSchema.extend(resumeOptionsSchema.shape);

export const GENERATED_EXPORT_FORMATS = ["alpaca", "jsonl"] as const;
export type GeneratedExportFormat = (typeof GENERATED_EXPORT_FORMATS)[number];

/** PHI screening: an admin marks a provider endpoint trusted (the gate warns instead of stopping). */
export const endpointTrustSchema = z.object({
  kind: z.enum(PROVIDER_KINDS, { error: `Choose a provider: ${PROVIDER_KINDS.join(", ")}` }),
  baseUrl: providerSchema.shape.baseUrl,
  trusted: checkbox,
  reason: z
    .string()
    .trim()
    .min(3, { error: "Say why (a local model, a business associate agreement...)" })
    .max(500),
});
