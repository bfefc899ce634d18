"use server";

// The review workflow's server actions. They live with their domain, not under app/, because shared
// components (the review panel, the comment form, the seed editor) call them; each only checks the session,
// parses the input, calls one use case and refreshes the pages that show the result.
import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { archiveSeedTask } from "@/lib/review/use-cases/archive-seed-task";
import { bulkArchiveSeedTasks } from "@/lib/review/use-cases/bulk-archive-seed-tasks";
import { bulkReviewSeedTasks } from "@/lib/review/use-cases/bulk-review-seed-tasks";
import { bulkSubmitSeedTasks } from "@/lib/review/use-cases/bulk-submit-seed-tasks";
import { commentOnSeedTask } from "@/lib/review/use-cases/comment-on-seed-task";
import { reviewSeedTask } from "@/lib/review/use-cases/review-seed-task";
import { submitSeedTask } from "@/lib/review/use-cases/submit-seed-task";
import { undoSeedApproval } from "@/lib/review/use-cases/undo-seed-approval";
import {
  archiveSeedSchema,
  bulkArchiveSchema,
  bulkReviewSchema,
  bulkSubmitSchema,
  commentSchema,
  reviewSeedSchema,
  submitSeedSchema,
  undoApprovalSchema,
} from "@/lib/validation/review";

export type { BulkOutcome } from "@/lib/review/use-cases/bulk-outcomes";

const refresh = <T>(value: T) => {
  revalidatePath("/review");
  revalidatePath("/seeds");
  return value;
};

export const submitSeedAction = protectedAction(
  { permission: "seed.submit", input: submitSeedSchema },
  async (input, { user }) => refresh(await submitSeedTask(user, input)),
);

export const reviewSeedAction = protectedAction(
  { permission: "seed.approve", input: reviewSeedSchema },
  async (input, { user }) => refresh(await reviewSeedTask(user, input)),
);

/** The "Undo" of an approval just given; refused once the window passed or anyone acted since. */
export const undoApprovalAction = protectedAction(
  { permission: "seed.approve", input: undoApprovalSchema },
  async (input, { user }) => refresh(await undoSeedApproval(user, input)),
);

/** Many tasks in one confirmed action; each is its own transition, so one refusal does not undo the others. */
export const bulkReviewAction = protectedAction(
  { permission: "seed.approve", input: bulkReviewSchema },
  async (input, { user }) => refresh(await bulkReviewSeedTasks(user, input)),
);

/** An author's drafts sent for review in one confirmed action; each refusal is reported beside its task. */
export const bulkSubmitAction = protectedAction(
  { permission: "seed.submit", input: bulkSubmitSchema },
  async (input, { user }) => refresh(await bulkSubmitSeedTasks(user, input)),
);

export const bulkArchiveAction = protectedAction(
  { permission: "seed.archive", input: bulkArchiveSchema },
  async (input, { user }) => refresh(await bulkArchiveSeedTasks(user, input)),
);

export const archiveSeedAction = protectedAction(
  { permission: "seed.archive", input: archiveSeedSchema },
  async (input, { user }) => refresh(await archiveSeedTask(user, input)),
);

export const commentAction = protectedAction(
  { permission: "seed.comment", input: commentSchema },
  async (input, { user }) => {
    const comment = await commentOnSeedTask(user, input);
    revalidatePath(`/seeds/${input.id}`);
    return comment;
  },
);
