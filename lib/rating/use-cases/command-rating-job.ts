import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { commandRatingJob } from "../jobs";
import { enqueueRatingJob } from "../queue";

/**
 * Pauses, resumes (queued again, optionally with a raised budget) or cancels a rating job, audited as
 * rating.pause / .resume / .cancel.
 */
export async function controlRatingJob(
  actor: Actor,
  input: { jobId: string; command: "pause" | "resume" | "cancel"; budgetUsd?: number },
  opts: { driver?: "queue" | "caller" } = {},
): Promise<void> {
  authorize(actor, "rating.run");
  await commandRatingJob(input.jobId, input.command, actor, { budgetUsd: input.budgetUsd });
  if (input.command === "resume" && opts.driver !== "caller") await enqueueRatingJob(input.jobId);
}
