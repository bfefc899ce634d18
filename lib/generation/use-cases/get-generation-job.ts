import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { type JobSettings, jobSettingsSchema } from "@/lib/validation/generation";
import { type JobView, jobView } from "../progress";

/** A job as people watch it (state, counters, progress and ETA, latest kept tasks, log); null when there is none. */
export async function getGenerationJob(actor: Actor, input: { jobId: string }): Promise<JobView | null> {
  authorize(actor, "generation.read");
  return jobView(input.jobId);
}

export type JobFormValues = {
  number: number;
  /** the export it generated from; null for a job started from a file (the CLI) */
  exportId: string | null;
  settings: JobSettings;
};

/**
 * A job's settings as the new-job form takes them ("New job with these settings": a job paused on a wrong base
 * URL or model cannot be changed, only started again); never a key, only which stored key it chose. Null when
 * there is no such job.
 */
export async function generationJobFormValues(
  actor: Actor,
  input: { jobId: string },
): Promise<JobFormValues | null> {
  authorize(actor, "generation.run");
  const job = await db.generationJob.findUnique({
    where: { id: input.jobId },
    select: { number: true, exportId: true, settings: true },
  });
  if (!job) return null;
  return { number: job.number, exportId: job.exportId, settings: jobSettingsSchema.parse(job.settings) };
}
