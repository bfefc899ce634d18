import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { type EvaluationResult, evaluationResult } from "../result";
import { judgedItems, loadRunItems } from "../run-items";
import { findRunId } from "../runs";
import { listRuns, loadRun, type RunSummaryRow, type RunView, runView } from "../views";

/** A run as people watch it: state, progress, win rates, items with both verdicts, clinician agreement. */
export async function getEvalRun(actor: Actor, input: { run: string }): Promise<RunView> {
  authorize(actor, "evaluation.read");
  return runView(await findRunId(input.run));
}

/** The results JSON of issue 16's contract (the CLI's --out, the download). */
export async function getEvalResult(actor: Actor, input: { run: string }): Promise<EvaluationResult> {
  authorize(actor, "evaluation.read");
  const run = await loadRun(await findRunId(input.run));
  return evaluationResult(judgedItems(await loadRunItems(run)));
}

/** Runs, newest first; on one test set for the comparison page. */
export async function listEvalRuns(
  actor: Actor,
  input: { testSetId?: string } = {},
): Promise<RunSummaryRow[]> {
  authorize(actor, "evaluation.read");
  return listRuns(input);
}
