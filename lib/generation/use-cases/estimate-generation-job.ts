import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { jobSeeds } from "../job-seeds";
import { type Estimate, estimateJob } from "../jobs";
import type { StartJobInput } from "./start-generation-job";

/** A dry run of the job these settings would start: the exact first prompt, projected tokens and cost. */
export async function estimateGenerationJob(actor: Actor, input: StartJobInput): Promise<Estimate> {
  authorize(actor, "generation.run");
  const { seeds } = await jobSeeds(input);
  if (!seeds.length) throw new AppError("INVALID", "The export holds no seed tasks.");
  return estimateJob(seeds, input.settings);
}
