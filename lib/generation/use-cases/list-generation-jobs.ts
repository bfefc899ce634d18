import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { type JobSummary, listJobs } from "../progress";

/** The latest generation jobs, newest first. */
export async function listGenerationJobs(
  actor: Actor,
  input: { limit?: number } = {},
): Promise<JobSummary[]> {
  authorize(actor, "generation.read");
  return listJobs(input.limit);
}
