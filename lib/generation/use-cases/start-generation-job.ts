import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { JobSettings } from "@/lib/validation/generation";
import { jobSeeds } from "../job-seeds";
import { checkBudgetCoversOneCall, createJob } from "../jobs";
import { enqueueJob } from "../queue";
import type { JobSource } from "../types";

export type StartJobInput = JobSource & { settings: JobSettings };

export type StartedJob = { id: string; number: number; seedSource: string; seedCount: number };

export type DriverChoice = {
  /**
   * "queue" (the default): a background worker drives the job. "caller": the caller drives it in its own
   * process (the command line), so nothing is queued.
   */
  driver?: "queue" | "caller";
};

/** Records a job with its frozen seeds and settings (audited as generation.start) and gets it driven. */
export async function startGenerationJob(
  actor: Actor,
  input: StartJobInput,
  opts: DriverChoice = {},
): Promise<StartedJob> {
  authorize(actor, "generation.run");
  const source = await jobSeeds(input);
  await checkBudgetCoversOneCall(source.seeds, input.settings);
  const job = await createJob(source, input.settings, actor);
  if (opts.driver !== "caller") await enqueueJob(job.id);
  return { ...job, seedSource: source.seedSource, seedCount: source.seeds.length };
}
