import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { judgesBlind } from "../blind";
import { type EvaluationResult, evaluationResult } from "../result";
import { judgedItems, loadRunItems } from "../run-items";
import { findRunId } from "../runs";
import { listRuns, loadRun, type RunSummaryRow, type RunView, runView } from "../views";

export type RunViewFor = Omit<RunView, "items"> & {
  /** `blind`: the judge's verdicts are withheld until this person records their own (judgesBlind) */
  items: (RunView["items"][number] & { blind: boolean })[];
};

/**
 * A run as people watch it: state, progress, win rates, items with both verdicts, clinician agreement. A
 * clinician who judges blind gets the verdicts of the items they have judged only.
 */
export async function getEvalRun(actor: Actor, input: { run: string }): Promise<RunViewFor> {
  authorize(actor, "evaluation.read");
  const view = await runView(await findRunId(input.run));
  if (!judgesBlind(actor.roles)) return { ...view, items: view.items.map((i) => ({ ...i, blind: false })) };
  const judged = new Set(view.humanVerdicts.filter((h) => h.userId === actor.id).map((h) => h.itemId));
  return {
    ...view,
    items: view.items.map((i) =>
      judged.has(i.id) ? { ...i, blind: false } : { ...i, verdicts: {}, raw: {}, blind: true },
    ),
  };
}

/**
 * The results JSON of issue 16's contract (the CLI's --out, the download); null for a clinician who judges
 * blind (it holds every item's verdicts).
 */
export async function getEvalResult(actor: Actor, input: { run: string }): Promise<EvaluationResult | null> {
  authorize(actor, "evaluation.read");
  if (judgesBlind(actor.roles)) return null;
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
