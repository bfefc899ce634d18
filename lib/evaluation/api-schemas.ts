import { z } from "zod";
import { candidateDecodingSchema } from "./settings";

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
  })
  .strict();
