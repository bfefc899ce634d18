import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { JobSettings } from "@/lib/validation/generation";
import { jobSeeds } from "../job-seeds";
import { checkBudgetCoversOneCall, createJob } from "../jobs";
import { enqueueJob } from "../queue";
import { randomRngSeed } from "../rng";
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
  // The seed is drawn here when none is given, so that the budget is checked against the first prompt the
  // job will send (the seeds it shows make its length), not another.
  const settings = { ...input.settings, rngSeed: input.settings.rngSeed ?? randomRngSeed() };
  await checkBudgetCoversOneCall(source.seeds, settings);
  const job = await createJob(source, settings, actor);
  if (opts.driver !== "caller") await enqueueJob(job.id);
  return { ...job, seedSource: source.seedSource, seedCount: source.seeds.length };
}
