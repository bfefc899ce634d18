import { z } from "zod";
import { SCREENED_FIELDS } from "@/lib/model/phi-fields";

export const PHI_REASON_MAX = 1_000;

export const phiReason = z
  .string()
  .trim()
  .min(3, { error: "Say why (at least a few words), so the decision can be checked later" })
  .max(PHI_REASON_MAX, { error: `Use at most ${PHI_REASON_MAX.toLocaleString("en-US")} characters` });

/** One finding a reviewer marks "not PHI": named by field, category and the matched text. */
export const markNotPhiSchema = z.object({
  targetType: z.enum(["seed", "generated", "testdraft"]).default("seed"),
  targetId: z.string().min(1),
  field: z.enum(SCREENED_FIELDS),
  // One of lib/phi's categories; the use case accepts only a finding that is open in the text as it stands.
  category: z.string().regex(/^[A-Z0-9_]{2,32}$/, { error: "Not a PHI category" }),
  text: z.string().min(1).max(2_000),
  reason: phiReason,
});
