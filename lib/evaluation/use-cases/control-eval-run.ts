import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { enqueueEvalRun } from "../queue";
import { changeRunState, findRunId } from "../runs";

/** Pauses a queued or running run; calls in flight finish and are kept. */
export async function pauseEvalRun(actor: Actor, input: { run: string; reason?: string }): Promise<void> {
  authorize(actor, "evaluation.run");
  await changeRunState(actor, await findRunId(input.run), "pause", { reason: input.reason });
}

/** Cancels a run that has not finished; its finished calls stay in the cache for the next run. */
export async function cancelEvalRun(actor: Actor, input: { run: string }): Promise<void> {
  authorize(actor, "evaluation.run");
  await changeRunState(actor, await findRunId(input.run), "cancel");
}

/** Back to the queue (optionally with a new budget); it goes on from the call cache. */
export async function resumeEvalRun(
  actor: Actor,
  input: { run: string; budgetUsd?: number },
  opts: { driver?: "queue" | "caller" } = {},
): Promise<{ id: string }> {
  authorize(actor, "evaluation.run");
  const id = await findRunId(input.run);
  await changeRunState(actor, id, "resume", { budgetUsd: input.budgetUsd });
  if (opts.driver !== "caller") await enqueueEvalRun(id);
  return { id };
}
