import { z } from "zod";
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
    candidate: z.union([
      z.object({ model: z.string().trim().min(1), baseUrl: z.string().trim().min(1) }),
      z.object({ fileName: z.string().trim().min(1).max(300), text: z.string().min(1) }),
    ]),
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
