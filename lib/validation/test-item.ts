import { z } from "zod";
import { TEST_ITEM_DECISIONS, TEST_ITEM_STATES } from "@/lib/model/test-item-states";
import { patchShape } from "./patch";
import { difficultySchema, normaliseInput, SEED_LIMITS } from "./seed";
import { sourceFieldsShape } from "./source";

// Test items clinicians write in the app: one schema for the editor, the server actions, the API and the CLI.
export const TEST_ITEM_LIMITS = {
  instruction: SEED_LIMITS.instruction,
  input: SEED_LIMITS.input,
  reference: SEED_LIMITS.output,
  topic: SEED_LIMITS.tag,
  comment: 2_000,
} as const;

const fmt = (n: number) => n.toLocaleString("en-US");
const limited = (label: string, max: number) =>
  z.string().max(max, {
    error: (issue) =>
      `${label} is too long: ${fmt(String(issue.input).length)} of at most ${fmt(max)} characters`,
  });
const id = z.string().trim().min(1, { error: "Name the item" }).max(100);
const version = z.coerce
  .number({ error: "Give the version the edit started from" })
  .int()
  .positive({ error: "Give the version the edit started from" });

/** A draft may be incomplete (autosave keeps whatever is typed); only the instruction is required. */
export const testItemFieldsSchema = z.object({
  instruction: limited("Instruction", TEST_ITEM_LIMITS.instruction)
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: "Write the instruction first" })),
  input: limited("Input", TEST_ITEM_LIMITS.input).default("").transform(normaliseInput),
  reference: limited("Reference answer", TEST_ITEM_LIMITS.reference).default(""),
  difficulty: difficultySchema.default(null),
  topic: limited("Topic", TEST_ITEM_LIMITS.topic)
    .default("")
    .transform((v) => v.trim()),
  // provenance and licence (issue 15)
  ...sourceFieldsShape,
});
export type TestItemFields = z.output<typeof testItemFieldsSchema>;

export const createTestItemSchema = testItemFieldsSchema.extend({ testSetId: id });
export const updateTestItemSchema = testItemFieldsSchema.extend({ id, version });
export const submitTestItemSchema = z.object({ id, version });

const reviewFields = {
  version,
  decision: z.enum(TEST_ITEM_DECISIONS, { error: "Choose approve, send back or reject" }),
  comment: limited("Comment", TEST_ITEM_LIMITS.comment)
    .default("")
    .transform((v) => v.trim()),
};
const needsComment = (r: { decision: string; comment: string }) =>
  r.decision === "APPROVE" || r.comment.length > 0;
const commentMissing = {
  path: ["comment"],
  error: "Say what to change (or why it is rejected): the author reads it",
};
export const reviewTestItemSchema = z.object({ id, ...reviewFields }).refine(needsComment, commentMissing);

// The REST API's bodies: the same fields, the ids from the path. A PATCH changes only the fields it sends.
export const testItemPatchBodySchema = z.object({
  version,
  ...patchShape(testItemFieldsSchema.shape),
}) as unknown as z.ZodType<Partial<TestItemFields> & { version: number }>;
export const testItemSubmitBodySchema = z.object({ version });
export const testItemReviewBodySchema = z.object(reviewFields).refine(needsComment, commentMissing);
export const createTestsetSchema = z.object({
  name: z.string().trim().min(1, { error: "Give the test set a name." }).max(120, {
    error: "Give the test set a name of at most 120 characters.",
  }),
  description: z.string().trim().max(2_000).default(""),
});
export const freezeNewVersionSchema = z.object({ testSetId: id });
export const testItemListQuerySchema = z.object({ state: z.enum(TEST_ITEM_STATES).optional() });
