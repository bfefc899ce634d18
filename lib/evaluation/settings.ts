import { z } from "zod";

// The settings of an evaluation run, validated once at the start and stored on the run (never an API key:
// keys come from the caller for a command-line run, else sealed on the run (run-keys.ts), else from the
// worker's environment).

const url = z
  .string()
  .trim()
  .url({ error: "Give a full URL such as http://localhost:8000/v1." })
  .refine((v) => /^https?:\/\//i.test(v), { error: "The URL must start with http:// or https://." });

export const candidateDecodingSchema = z.object({
  temperature: z
    .number()
    .min(0, { error: "A temperature is from 0 to 2." })
    .max(2, { error: "A temperature is from 0 to 2." })
    .default(0),
  topP: z
    .number()
    .gt(0, { error: "Top-p is above 0 and at most 1." })
    .max(1, { error: "Top-p is above 0 and at most 1." })
    .default(1),
  maxTokens: z
    .number()
    .int({ error: "A whole number of tokens." })
    .min(1, { error: "At least 1 token." })
    .max(32_000, { error: "At most 32,000 tokens." })
    .default(1024),
});
export type CandidateDecoding = z.output<typeof candidateDecodingSchema>;

export const evalSettingsSchema = z.object({
  /** the endpoint the candidate's answers are asked of ("endpoint" runs only) */
  candidateBaseUrl: url.optional(),
  decoding: candidateDecodingSchema.default({ temperature: 0, topP: 1, maxTokens: 1024 }),
  /** OpenAI-compatible judge endpoint; without one the judge is OpenAI's API */
  judgeBaseUrl: url.optional(),
  concurrency: z
    .number()
    .int({ error: "Calls at once is a whole number." })
    .min(1, { error: "Concurrency is at least 1." })
    .max(256, { error: "Concurrency is at most 256." })
    .default(8),
  budgetUsd: z.number().positive({ error: "A budget is a positive number of dollars." }).optional(),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(120_000),
  /** retries of a failed call (429, 5xx, timeouts) before the run pauses */
  maxRetries: z
    .number()
    .int({ error: "A whole number of retries." })
    .min(0, { error: "From 0 to 50 retries." })
    .max(50, { error: "From 0 to 50 retries." })
    .default(8),
  retryBaseMs: z.number().int().min(1).max(60_000).default(1000),
});
export type EvalSettings = z.output<typeof evalSettingsSchema>;
export type EvalSettingsInput = z.input<typeof evalSettingsSchema>;

/**
 * Where a run's requests go: the candidate's endpoint (null for an uploaded outputs file) and the judge's (an
 * OpenAI-compatible server by URL, else OpenAI). One answer for the engine's clients and for the estimate's
 * trust check (the trusted endpoints are keyed by kind and URL).
 */
export function runEndpoints(
  candidateSource: string,
  settings: Pick<EvalSettings, "candidateBaseUrl" | "judgeBaseUrl">,
): {
  candidate: { kind: "openai-compatible"; baseUrl: string } | null;
  judge: { kind: "openai-compatible"; baseUrl: string } | { kind: "openai"; baseUrl?: undefined };
} {
  return {
    candidate:
      candidateSource === "endpoint" && settings.candidateBaseUrl
        ? { kind: "openai-compatible", baseUrl: settings.candidateBaseUrl }
        : null,
    judge: settings.judgeBaseUrl
      ? { kind: "openai-compatible", baseUrl: settings.judgeBaseUrl }
      : { kind: "openai" },
  };
}

/** The environment variables an endpoint's key is read from, when the caller gives none. */
export function keyFromEnv(hasBaseUrl: boolean): string | undefined {
  const names = hasBaseUrl ? ["MEDSEED_LLM_API_KEY", "OPENAI_API_KEY"] : ["OPENAI_API_KEY"];
  for (const name of names) if (process.env[name]) return process.env[name];
  return undefined;
}

// What each setting is called where people set it (the run form's label, the CLI's option).
const SETTING_LABELS: Record<string, string> = {
  candidateBaseUrl: "Candidate URL (--base-url)",
  judgeBaseUrl: "Judge URL (--judge-base-url)",
  concurrency: "Calls at once (--concurrency)",
  budgetUsd: "Budget",
  "decoding.temperature": "Candidate temperature",
  "decoding.topP": "Candidate top-p",
  "decoding.maxTokens": "Candidate max tokens",
  requestTimeoutMs: "Request timeout (ms)",
  maxRetries: "Retries of a failed call",
  retryBaseMs: "First retry delay (ms)",
};

/**
 * The settings' problems as one message a person can act on: each setting by the name they know it by, once
 * (its first problem: a URL that is not one also fails the http(s) check), sentences joined by spaces.
 */
export function settingsProblems(error: z.ZodError): string {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const path = issue.path.join(".");
    if (byField.has(path)) continue;
    const label = SETTING_LABELS[path] ?? (path || "Settings");
    const message = issue.message.trim();
    byField.set(path, `${label}: ${/[.?!]$/.test(message) ? message : `${message}.`}`);
  }
  return [...byField.values()].join(" ");
}
