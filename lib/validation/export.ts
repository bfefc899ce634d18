import { z } from "zod";
import { fromDigits } from "./numbers";

export const EXPORT_FORMATS = ["alpacare", "self-instruct", "alpaca", "jsonl", "csv"] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormatName, string> = {
  alpacare: "AlpaCare seed JSON (med_seed.json)",
  "self-instruct": "Self-Instruct / Alpaca seed_tasks.jsonl",
  alpaca: "Alpaca JSON {instruction, input, output}",
  jsonl: "JSONL, every field with ids and revisions",
  csv: "CSV (RFC 4180, UTF-8)",
};

const optionalText = z
  .string()
  .trim()
  .max(100)
  .transform((v) => v || undefined)
  .optional();

/** Which seeds an export holds. Stored with the export, so it says how it was made. */
export const exportFilterSchema = z.object({
  topic: optionalText,
  view: optionalText,
  type: optionalText,
  difficulty: z
    .preprocess(
      (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")),
      z.array(
        z.preprocess(
          fromDigits,
          z
            .number({ error: "Difficulties must be whole numbers from 1 to 5" })
            .int({ error: "Difficulties must be whole numbers from 1 to 5" })
            .min(1, { error: "Difficulties must be from 1 to 5" })
            .max(5, { error: "Difficulties must be from 1 to 5" }),
        ),
      ),
    )
    .default([]),
});
export type ExportFilter = z.output<typeof exportFilterSchema>;

export const createExportSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `Choose a format: ${EXPORT_FORMATS.join(", ")}` }),
  filter: exportFilterSchema.prefault({}),
  /**
   * PHI screening: resolve the findings left in the exported seeds as accepted, with this reason (audited;
   * needs phi.accept). Without it an export holding an unresolved finding is refused.
   */
  acceptPhi: z
    .string()
    .trim()
    .min(3, { error: "Say why the remaining findings are accepted (at least a few words)" })
    .max(1_000)
    .optional(),
  /**
   * With acceptPhi: the fingerprint of the refusal the person was shown (its detail). The findings are accepted
   * only if those open now are exactly these; otherwise nothing is accepted and the new refusal comes back.
   * Without it (the command line's --accept-phi) whatever is open is accepted.
   */
  acceptSeen: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: "acceptSeen: the fingerprint of a refusal (64 hex digits)" })
    .optional(),
});
