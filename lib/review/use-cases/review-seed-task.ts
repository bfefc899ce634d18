import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { reviewSeed, type TransitionResult } from "@/lib/review/transitions";
import type { reviewSeedSchema } from "@/lib/validation/review";

/**
 * A reviewer's decision on the version they saw: approve (counting towards the approvals required), request
 * changes or reject (both with a reason). Four-eyes, stale versions and second decisions are refused.
 */
export async function reviewSeedTask(
  actor: Actor,
  input: z.output<typeof reviewSeedSchema>,
): Promise<TransitionResult> {
  authorize(actor, "seed.approve");
  return reviewSeed(input.id, input.version, input.action, input.reason, actor);
}
