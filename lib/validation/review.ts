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

/** Tasks picked on a list page, each at the version shown there (a later change makes it stale). */
const bulkItems = z
  .array(z.object({ id: z.string().min(1), version: z.number().int().min(1) }))
  .min(1, { error: "Select at least one task" })
  .max(500);

/** Takes back one's own approval of this version, moments after giving it. */
export const undoApprovalSchema = z.object({
  id: z.string().min(1),
  version: wholeNumber({ min: 1, message: "version must be a whole number (1 or more)" }),
});

export const bulkReviewSchema = z.object({
  items: bulkItems,
  action: z.enum(["approve", "reject"]),
  reason,
  /**
   * Tasks sent back before and resubmitted that the reviewer confirmed a second time, having seen the
   * request and what changed; the others of them are refused when approving in bulk.
   */
  confirmResubmitted: z.array(z.string().min(1)).max(500).default([]),
});

/** An author's own drafts (or, with seed.submit.any / seed.archive.any, anyone's), submitted or archived. */
export const bulkSubmitSchema = z.object({ items: bulkItems });
export const bulkArchiveSchema = z.object({ items: bulkItems });

export const commentSchema = z.object({
  id: z.string().min(1),
  body: z.string().trim().min(1, { error: "Write something first" }).max(REASON_MAX),
});

export const archiveSeedSchema = z.object({ id: z.string().min(1) });
