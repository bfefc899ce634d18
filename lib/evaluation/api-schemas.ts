import { z } from "zod";
import { OUTCOMES } from "./scoring";
import { candidateDecodingSchema } from "./settings";

/**
 * An API key kept with a run: typed for this run, or a stored provider key by id. Sealed at once, opened
 * only by the worker (run-keys.ts); no response ever carries it back.
 */
export const runApiKeySchema = z.union([
  z.object({ apiKey: z.string().trim().min(8, { error: "Paste the whole API key." }).max(500) }).strict(),
  z.object({ credentialId: z.string().trim().min(1) }).strict(),
]);

// The REST API's body for starting a run (POST /api/v1/evaluation/runs): the same input as the CLI's flags.
export const startEvalRunBodySchema = z
  .object({
    testset: z.string().trim().min(1, { error: "Name the test set (its name or id)." }),
    reference: z.string().trim().min(1, { error: "Name the reference answers (e.g. gpt-4)." }),
    // strict: a union is not walked for unknown fields (lib/validation/unknown-keys.ts), and an "apiKey" here
    // was dropped in silence, the run using the worker's own key
    candidate: z.union(
      [
        z.object({ model: z.string().trim().min(1), baseUrl: z.string().trim().min(1) }).strict(),
        z.object({ fileName: z.string().trim().min(1).max(300), text: z.string().min(1) }).strict(),
      ],
      {
        error:
          "The candidate: {model, baseUrl} of a server, or {fileName, text} of an outputs file, and no other field (a run's API keys go under keys).",
      },
    ),
    judgeModel: z.string().trim().min(1, { error: "Name the judge model." }),
    settings: z
      .object({
        decoding: candidateDecodingSchema.optional(),
        judgeBaseUrl: z.string().trim().optional(),
        concurrency: z.number().int().min(1).max(256).optional(),
        budgetUsd: z.number().positive().optional(),
      })
      .optional(),
    /** the judge template's version (GET /api/v1/evaluation/judge-prompt lists them); default the newest */
    judgePromptVersion: z.number().int().min(1).optional(),
    keys: z
      .object({ candidate: runApiKeySchema.optional(), judge: runApiKeySchema.optional() })
      .strict()
      .optional(),
  })
  .strict();

// An edit of the judge's template (server action, PUT /api/v1/evaluation/judge-prompt, the CLI). The text is
// kept as written (no trimming): the saved version is exactly what the judge will read.
export const judgePromptEditSchema = z
  .object({
    system: z
      .string()
      .max(20_000)
      .refine((v) => v.trim().length > 0, { error: "System message: say what the judge is asked to do." }),
    user: z
      .string()
      .max(20_000)
      .refine((v) => v.trim().length > 0, {
        error: "User template: write the judge's prompt with {{instruction}}, {{output_a}} and {{output_b}}.",
      }),
    note: z.string().trim().max(500).optional(),
    basedOn: z.coerce.number().int().min(0, { error: "basedOn: the version you edited (a number)." }),
  })
  .strict();

/**
 * A verdict names its choice one way: `outcome` (the candidate, the reference or a tie, as the named view
 * shows them) or `answer` (A, B or a tie, as a clinician judging blind sees them: mapped back here, on the
 * server, with the order that person was shown).
 */
const verdictFields = {
  outcome: z
    .enum(OUTCOMES as ["candidate", "reference", "tie"], {
      error: "Choose the candidate, the reference or a tie.",
    })
    .optional(),
  answer: z.enum(["A", "B", "tie"], { error: "Choose answer A, answer B or a tie." }).optional(),
  note: z.string().trim().max(2000).optional(),
};
const oneChoice = {
  check: (v: { outcome?: unknown; answer?: unknown }) =>
    (v.outcome === undefined) !== (v.answer === undefined),
  params: { error: "Choose the better answer, or a tie (one choice): outcome or answer.", path: ["outcome"] },
};

export const humanVerdictSchema = z
  .object({
    /** the run's id, or its number ("12", "#12") */
    runId: z.string().min(1),
    itemId: z.string().min(1),
    ...verdictFields,
  })
  .refine(oneChoice.check, oneChoice.params);

/** The body of PUT /api/v1/evaluation/runs/{id}/items/{itemId}/verdict: the run and item are in the path. */
export const humanVerdictBodySchema = z
  .object(verdictFields)
  .strict()
  .refine(oneChoice.check, oneChoice.params);
