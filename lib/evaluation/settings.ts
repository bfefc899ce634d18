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
  temperature: z.number().min(0).max(2).default(0),
  topP: z.number().gt(0).max(1).default(1),
  maxTokens: z.number().int().min(1).max(32_000).default(1024),
});
export type CandidateDecoding = z.output<typeof candidateDecodingSchema>;

export const evalSettingsSchema = z.object({
  /** the endpoint the candidate's answers are asked of ("endpoint" runs only) */
  candidateBaseUrl: url.optional(),
  decoding: candidateDecodingSchema.default({ temperature: 0, topP: 1, maxTokens: 1024 }),
  /** OpenAI-compatible judge endpoint; without one the judge is OpenAI's API */
  judgeBaseUrl: url.optional(),
  concurrency: z.number().int().min(1, { error: "Concurrency is at least 1." }).max(256).default(8),
  budgetUsd: z.number().positive({ error: "A budget is a positive number of dollars." }).optional(),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(120_000),
  /** retries of a failed call (429, 5xx, timeouts) before the run pauses */
  maxRetries: z.number().int().min(0).max(50).default(8),
  retryBaseMs: z.number().int().min(1).max(60_000).default(1000),
});
export type EvalSettings = z.output<typeof evalSettingsSchema>;
export type EvalSettingsInput = z.input<typeof evalSettingsSchema>;

/** The environment variables an endpoint's key is read from, when the caller gives none. */
export function keyFromEnv(hasBaseUrl: boolean): string | undefined {
  const names = hasBaseUrl ? ["MEDSEED_LLM_API_KEY", "OPENAI_API_KEY"] : ["OPENAI_API_KEY"];
  for (const name of names) if (process.env[name]) return process.env[name];
  return undefined;
}
