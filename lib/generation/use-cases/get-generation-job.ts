import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { type JobView, jobView } from "../progress";

/** A job as people watch it (state, counters, progress and ETA, latest kept tasks, log); null when there is none. */
export async function getGenerationJob(actor: Actor, input: { jobId: string }): Promise<JobView | null> {
  authorize(actor, "generation.read");
  return jobView(input.jobId);
}
