import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { findJobId, resumeJob } from "../jobs";
import { enqueueJob } from "../queue";
import type { JobRef } from "../types";
import type { DriverChoice } from "./start-generation-job";

/**
 * Back to running, retry counts started afresh (audited as generation.resume), optionally with a new budget
 * and a new choice for the PHI gate on model-written text (the change audited with its before and after),
 * and driven again: queued for a worker, or driven by the caller (the command line), which may then also go
 * on with an unfinished job whose driver stopped, such as a command-line run that was killed.
 */
export async function resumeGenerationJob(
  actor: Actor,
  input: JobRef & { budgetUsd?: number; phiModelText?: "pause" | "warn" },
  opts: DriverChoice = {},
): Promise<{ id: string }> {
  authorize(actor, "generation.run");
  const id = await findJobId(input);
  const byCaller = opts.driver === "caller";
  await resumeJob(id, actor, {
    budgetUsd: input.budgetUsd,
    phiModelText: input.phiModelText,
    takeOver: byCaller,
  });
  if (!byCaller) await enqueueJob(id);
  return { id };
}
