import { z } from "zod";
import { invisibleCharacter, VIEW_GROUPS } from "@/lib/model/vocabulary";

export const VOCABULARY_KINDS = ["TOPIC", "VIEW", "TASK_TYPE"] as const;
export type VocabularyKindName = (typeof VOCABULARY_KINDS)[number];

/**
 * Vocabulary values (an admin's terms and aliases, and the topics, views and types authors type) may not
 * hold characters nobody can see: checked on the text as sent, before trimming (which would eat U+FEFF).
 * Stored values are NFKC-normalised (tidyValue, vocabKey), so compatibility forms fold onto one value.
 */
export const refuseInvisible = (label: string) => (value: string, ctx: z.RefinementCtx) => {
  const found = invisibleCharacter(value);
  if (found)
    ctx.addIssue({
      code: "custom",
      message: `${label} contains an invisible character, ${found}: type it again without that character`,
    });
};
const visibleText = (label: string) => z.string().superRefine(refuseInvisible(label));

export const addTermSchema = z.object({
  kind: z.enum(VOCABULARY_KINDS),
  value: visibleText("The value")
    .trim()
    .min(1, { error: "Enter a value" })
    .max(100, { error: "Use at most 100 characters" }),
});
export const mergeTermsSchema = z.object({
  fromId: z.string().min(1),
  intoId: z.string().min(1, { error: "Pick the value to keep" }),
});
export const addAliasSchema = z.object({
  termId: z.string().min(1),
  alias: visibleText("The variant spelling").trim().min(1, { error: "Enter the variant spelling" }).max(100),
});
export const setViewGroupSchema = z.object({ termId: z.string().min(1), viewGroup: z.enum(VIEW_GROUPS) });

/** An admin's decision on a proposed topic or view (see lib/vocabulary/use-cases/decide-proposal.ts). */
export const decideProposalSchema = z.discriminatedUnion("decision", [
  z.object({ termId: z.string().min(1), decision: z.literal("accept") }),
  z.object({
    termId: z.string().min(1),
    decision: z.literal("merge"),
    intoId: z.string().min(1, { error: "Pick the accepted value to merge into" }),
  }),
  z.object({
    termId: z.string().min(1),
    decision: z.literal("reject"),
    reason: z
      .string()
      .trim()
      .min(3, { error: "Tell the author why (at least 3 characters)" })
      .max(300, { error: "At most 300 characters" }),
  }),
]);
export type DecideProposalInput = z.output<typeof decideProposalSchema>;

/** Several proposals accepted in one go (the proposals panel's "Accept selected"). */
export const acceptProposalsSchema = z.object({
  termIds: z
    .array(z.string().min(1))
    .min(1, { error: "Pick at least one proposed value" })
    .max(2000, { error: "At most 2,000 values at once" }),
});
export type AcceptProposalsInput = z.output<typeof acceptProposalsSchema>;
