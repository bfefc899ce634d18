import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { pauseJob } from "../jobs";

/**
 * Pauses a queued or running job (audited as generation.pause); calls in flight finish and are kept.
 * `reason` is shown on the job's page when the pause was not asked for on it (a command-line run interrupted).
 */
export async function pauseGenerationJob(
  actor: Actor,
  input: { jobId: string; reason?: string },
): Promise<void> {
  authorize(actor, "generation.run");
  await pauseJob(input.jobId, actor, { reason: input.reason });
}
