import { z } from "zod";
import { wholeNumber } from "./numbers";

export const REASON_MAX = 4_000;

const reason = z
  .string()
  .trim()
  .max(REASON_MAX, { error: `Use at most ${REASON_MAX.toLocaleString("en-US")} characters` })
  .optional();

export const submitSeedSchema = z.object({
  id: z.string().min(1),
  version: wholeNumber({ min: 1, message: "version must be a whole number (1 or more)" }),
});

export const reviewSeedSchema = z.object({
  id: z.string().min(1),
  version: wholeNumber({ min: 1, message: "version must be a whole number (1 or more)" }),
  action: z.enum(["approve", "request_changes", "reject"]),
  reason,
});

export const bulkReviewSchema = z.object({
  items: z
    .array(z.object({ id: z.string().min(1), version: z.number().int().min(1) }))
    .min(1, { error: "Select at least one task" })
    .max(500),
  action: z.enum(["approve", "reject"]),
  reason,
});

export const commentSchema = z.object({
  id: z.string().min(1),
  body: z.string().trim().min(1, { error: "Write something first" }).max(REASON_MAX),
});

export const archiveSeedSchema = z.object({ id: z.string().min(1) });
