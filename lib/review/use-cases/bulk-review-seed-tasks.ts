import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { reviewSeed } from "@/lib/review/transitions";
import type { bulkReviewSchema } from "@/lib/validation/review";

export type BulkOutcome = { id: string; ok: boolean; message: string };

/**
 * One decision on many tasks. Each is its own transition, so a refusal (four-eyes, a stale version, already
 * reviewed) is reported beside its task and does not undo the others.
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
  const outcomes: BulkOutcome[] = [];
  for (const item of items) {
    try {
      const r = await reviewSeed(item.id, item.version, action, reason, actor);
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
  return outcomes;
}
