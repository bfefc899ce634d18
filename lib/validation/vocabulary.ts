import { z } from "zod";
import { VIEW_GROUPS } from "@/lib/vocabulary/normalize";

export const VOCABULARY_KINDS = ["TOPIC", "VIEW", "TASK_TYPE"] as const;

export const addTermSchema = z.object({
  kind: z.enum(VOCABULARY_KINDS),
  value: z
    .string()
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
  alias: z.string().trim().min(1, { error: "Enter the variant spelling" }).max(100),
});
export const setViewGroupSchema = z.object({ termId: z.string().min(1), viewGroup: z.enum(VIEW_GROUPS) });
