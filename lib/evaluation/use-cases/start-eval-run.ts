import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { enqueueEvalRun } from "../queue";
import { createRun, type EvalEstimate, estimateRun, prepareRun, type StartEvalInput } from "../runs";

export type StartedEvalRun = {
  id: string;
  number: number;
  estimate: EvalEstimate;
  unmatched: { rows: { line: number; instruction: string }[]; missingItems: number };
  /** the judge prompt's version the run judges with (the newest unless one was named) */
  judgePromptVersion: number;
};

/** The cost of a run with these settings before it starts: calls still to pay for, tokens, dollars. */
export async function estimateEvalRun(actor: Actor, input: StartEvalInput): Promise<EvalEstimate> {
  authorize(actor, "evaluation.run");
  return estimateRun(await prepareRun(input), input.judgeModel);
}

/**
 * Records a run (audited as evaluation.start) and gets it driven: queued for a worker, or (`driver: "caller"`,
 * the command line) driven by the caller in its own process.
 */
export async function startEvalRun(
  actor: Actor,
  input: StartEvalInput,
  opts: { driver?: "queue" | "caller" } = {},
): Promise<StartedEvalRun> {
  authorize(actor, "evaluation.run");
  const prepared = await prepareRun(input);
  const run = await createRun(actor, prepared, input);
  if (opts.driver !== "caller") await enqueueEvalRun(run.id);
  return { ...run, unmatched: prepared.unmatched, judgePromptVersion: prepared.judgePrompt.version };
}
