"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { addComment, archiveSeed, reviewSeed, submitSeed } from "@/lib/review/transitions";
import {
  archiveSeedSchema,
  bulkReviewSchema,
  commentSchema,
  reviewSeedSchema,
  submitSeedSchema,
} from "@/lib/validation/review";

const refresh = <T>(value: T) => {
  revalidatePath("/review");
  revalidatePath("/seeds");
  return value;
};

export const submitSeedAction = protectedAction(
  { permission: "seed.submit", input: submitSeedSchema },
  async ({ id, version }, { user }) => refresh(await submitSeed(id, version, user)),
);

export const reviewSeedAction = protectedAction(
  { permission: "seed.approve", input: reviewSeedSchema },
  async ({ id, version, action, reason }, { user }) =>
    refresh(await reviewSeed(id, version, action, reason, user)),
);

export type BulkOutcome = { id: string; ok: boolean; message: string };

/** Many tasks in one confirmed action; each is its own transition, so one refusal does not undo the others. */
export const bulkReviewAction = protectedAction(
  { permission: "seed.approve", input: bulkReviewSchema },
  async ({ items, action, reason }, { user }) => {
    if (action === "reject" && !reason) {
      throw new AppError("INVALID", "Say why these tasks are rejected.", {
        reason: ["A reason is required"],
      });
    }
    const outcomes: BulkOutcome[] = [];
    for (const item of items) {
      try {
        const r = await reviewSeed(item.id, item.version, action, reason, user);
        outcomes.push({
          id: item.id,
          ok: true,
          message:
            r.status === "APPROVED"
              ? "approved"
              : r.status === "REJECTED"
                ? "rejected"
                : `approval ${r.approvals} of ${r.required}`,
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes.push({ id: item.id, ok: false, message: error.message });
      }
    }
    return refresh(outcomes);
  },
);

export const archiveSeedAction = protectedAction(
  { permission: "seed.archive", input: archiveSeedSchema },
  async ({ id }, { user }) => refresh(await archiveSeed(id, user)),
);

export const commentAction = protectedAction(
  { permission: "seed.comment", input: commentSchema },
  async ({ id, body }, { user }) => {
    const c = await addComment(id, body, user);
    revalidatePath(`/seeds/${id}`);
    return { id: c.id };
  },
);
