import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pairAgreement } from "@/lib/quality/agreement";
import { flaggedItemIds } from "./leakage";
import { judgedItems, loadRunItems, type RunItem } from "./run-items";
import { type EvaluationSummary, itemScore, OUTCOMES, type Outcome, summariseEvaluation } from "./scoring";
import type { EvalSettings } from "./settings";

// What the pages, the API and the CLI show of runs: read from the run row and the call cache.

export type RunSummaryRow = {
  id: string;
  number: number;
  state: string;
  testSet: string;
  version: number;
  candidateModel: string;
  candidateSource: string;
  referenceModel: string;
  judgeModel: string;
  winRate: number | null;
  low: number | null;
  high: number | null;
  n: number;
  costUsd: number;
  createdAt: Date;
};

const runInclude = { version: { select: { number: true, testSet: { select: { name: true, id: true } } } } };

export async function loadRun(runId: string) {
  // The sealed keys stay in the database: only the engine reads them (run-keys.ts).
  const run = await db.evalRun.findUnique({
    where: { id: runId },
    include: runInclude,
    omit: { candidateKeyBox: true, judgeKeyBox: true },
  });
  if (!run) throw new AppError("NOT_FOUND", "There is no such evaluation run.");
  return run;
}

/** The judge's item-level call, for agreement with a clinician: who won the item over both orders. */
export function judgeItemOutcome(item: Pick<RunItem, "verdicts">): Outcome | null {
  const score = itemScore(item.verdicts);
  if (score === null) return null;
  return score > 0.5 ? "candidate" : score < 0.5 ? "reference" : "tie";
}

/** A clinician's verdict on an item: as it stands, and as first recorded (before the judge's was shown). */
export type HumanVerdict = { itemId: string; userId: string; outcome: Outcome; blindOutcome: Outcome };

export type RunView = Awaited<ReturnType<typeof runView>>;

export async function runView(runId: string) {
  const run = await loadRun(runId);
  const items = await loadRunItems(run);
  const summary: EvaluationSummary = summariseEvaluation(judgedItems(items));
  // Orders to judge: every item's for an endpoint run, the answered items' for an outputs file.
  const judgeable = items.filter((i) => run.candidateSource === "endpoint" || i.candidate !== null);
  const total = 2 * judgeable.length;
  const done = judgeable.reduce(
    (sum, i) =>
      sum +
      (i.verdicts.reference_first !== undefined ? 1 : 0) +
      (i.verdicts.reference_last !== undefined ? 1 : 0),
    0,
  );
  const human: HumanVerdict[] = (await db.evalHumanVerdict.findMany({ where: { runId } })).map((h) => ({
    itemId: h.itemId,
    userId: h.userId,
    outcome: h.outcome as Outcome,
    blindOutcome: h.blindOutcome as Outcome,
  }));
  return {
    run: {
      id: run.id,
      number: run.number,
      state: run.state,
      testSet: run.version.testSet.name,
      testSetId: run.version.testSet.id,
      version: run.version.number,
      versionId: run.versionId,
      referenceModel: run.referenceModel,
      candidateModel: run.candidateModel,
      candidateSource: run.candidateSource,
      judgeModel: run.judgeModel,
      judgePromptVersion: run.judgePromptVersion,
      /** API keys kept with the run, by their last characters; null: the worker's environment */
      keys: { candidate: run.candidateKeyHint, judge: run.judgeKeyHint },
      settings: run.settings as unknown as EvalSettings,
      unmatched: run.unmatched as { rows: { line: number; instruction: string }[]; missingItems: number },
      estimateUsd: run.estimateUsd,
      budgetUsd: run.budgetUsd,
      costUsd: run.costUsd,
      callsMade: run.callsMade,
      cacheHits: run.cacheHits,
      error: run.error,
      /** while it runs: the latest call failing and being retried, and since when (null: none) */
      notice: run.state === "RUNNING" ? run.notice : null,
      noticeAt: run.state === "RUNNING" ? run.noticeAt : null,
      /** PHI gate: what was sent to an endpoint marked trusted although the screen flagged it */
      phiWarning: run.phiWarning,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    progress: { done, total },
    summary,
    items,
    /**
     * Items the test set's leakage check flags (their text nearly repeats a seed or a generated record): the
     * win rate counts them, and a model tuned on those records has seen them. As the item is named on the test
     * set page; empty before any check.
     */
    leaked: await leakedItems(run.versionId, items),
    humanVerdicts: human,
    agreement: humanJudgeAgreement(items, human),
  };
}

async function leakedItems(versionId: string, items: readonly RunItem[]) {
  const flagged = await flaggedItemIds(versionId);
  return items
    .filter((i) => flagged.has(i.id))
    .map((i) => ({ id: i.id, label: i.externalId ?? `item ${i.position + 1}` }));
}

/**
 * Cohen's kappa and the confusion table of clinicians' verdicts against the judge's item-level calls (null: no
 * pair yet). `human`: every clinician's verdicts, or one clinician's (a blind judge sees their own agreement).
 * A clinician's verdict counts as first recorded (blindOutcome), before the judge's was shown to them: one
 * changed after seeing the judge's would measure the judge's sway, not the agreement.
 */
export function humanJudgeAgreement(
  items: readonly Pick<RunItem, "id" | "verdicts">[],
  human: readonly Pick<HumanVerdict, "itemId" | "blindOutcome">[],
) {
  const byItem = new Map(items.map((i) => [i.id, i]));
  const pairs: [Outcome, Outcome][] = [];
  for (const h of human) {
    const item = byItem.get(h.itemId);
    const judge = item ? judgeItemOutcome(item) : null;
    if (judge) pairs.push([h.blindOutcome, judge]);
  }
  return pairs.length ? pairAgreement(pairs, OUTCOMES) : null;
}

export async function listRuns(
  where: { versionIds?: string[]; testSetId?: string } = {},
): Promise<RunSummaryRow[]> {
  const runs = await db.evalRun.findMany({
    where: {
      ...(where.versionIds && { versionId: { in: where.versionIds } }),
      ...(where.testSetId && { version: { testSetId: where.testSetId } }),
    },
    include: runInclude,
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return runs.map((r) => {
    const s = r.summary as EvaluationSummary | null;
    return {
      id: r.id,
      number: r.number,
      state: r.state,
      testSet: r.version.testSet.name,
      version: r.version.number,
      candidateModel: r.candidateModel,
      candidateSource: r.candidateSource,
      referenceModel: r.referenceModel,
      judgeModel: r.judgeModel,
      winRate: s?.winRate ?? null,
      low: s?.low ?? null,
      high: s?.high ?? null,
      n: s?.n ?? 0,
      costUsd: r.costUsd,
      createdAt: r.createdAt,
    };
  });
}
