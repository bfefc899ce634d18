import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { reviewSeed } from "@/lib/review/transitions";
import type { bulkReviewSchema } from "@/lib/validation/review";
import { type BulkOutcome, eachInTurn } from "./bulk-outcomes";

export type { BulkOutcome } from "./bulk-outcomes";

/**
 * One decision on many tasks. Each is its own transition, so a refusal (four-eyes, a stale version, already
 * reviewed) is reported beside its task and does not undo the others. A task sent back before and
 * resubmitted is approved only when named in `confirmResubmitted` (the second confirmation the reviewer
 * gave after seeing the request): otherwise it is refused, whatever door the request came through.
 */
export async function bulkReviewSeedTasks(
  actor: Actor,
  input: z.output<typeof bulkReviewSchema>,
): Promise<BulkOutcome[]> {
  authorize(actor, "seed.approve");
  const { items, action, reason } = input;
  if (action === "reject" && !reason) {
    throw new AppError("INVALID", "Say why these tasks are rejected.", { reason: ["A reason is required"] });
  }
  const confirmed = new Set(input.confirmResubmitted);
  return eachInTurn(items, async (item) => {
    const r = await reviewSeed(item.id, item.version, action, reason, actor, {
      refuseResubmitted: action === "approve" && !confirmed.has(item.id),
    });
    return r.status === "APPROVED"
      ? "approved"
      : r.status === "REJECTED"
        ? "rejected"
        : `approval ${r.approvals} of ${r.required}`;
  });
}
