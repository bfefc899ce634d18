import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { cancelJob } from "../jobs";

/** Cancels a job that has not finished (audited as generation.cancel); the tasks kept so far stay available. */
export async function cancelGenerationJob(actor: Actor, input: { jobId: string }): Promise<void> {
  authorize(actor, "generation.run");
  await cancelJob(input.jobId, actor);
}
