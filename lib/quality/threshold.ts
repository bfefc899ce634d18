import { type ConfusionTable, cohensKappa, confusionTable, type Kappa } from "./agreement";

// How well an LLM rating (1 to 5) agrees with reviewers' yes/no judgement of the same records: a record is
// predicted acceptable when rated >= threshold, and kappa measures agreement with the reviewers beyond
// chance. The best threshold is the one with the highest kappa: where to cut to keep what reviewers keep.

export type RatedJudgement = { score: number; acceptable: boolean };

export const ACCEPTANCE_LABELS = ["acceptable", "not acceptable"] as const;
export type AcceptanceLabel = (typeof ACCEPTANCE_LABELS)[number];

export type ThresholdAgreement = {
  threshold: number;
  /** rows: the reviewers; columns: the rating (>= threshold is "acceptable") */
  table: ConfusionTable<AcceptanceLabel>;
  kappa: Kappa;
  /** records the rating would keep at this threshold */
  kept: number;
};

const label = (yes: boolean): AcceptanceLabel => (yes ? "acceptable" : "not acceptable");

export function agreementAtThreshold(
  pairs: readonly RatedJudgement[],
  threshold: number,
): ThresholdAgreement {
  const table = confusionTable(
    pairs.map((p) => [label(p.acceptable), label(p.score >= threshold)] as const),
    ACCEPTANCE_LABELS,
  );
  return {
    threshold,
    table,
    kappa: cohensKappa(table),
    kept: pairs.filter((p) => p.score >= threshold).length,
  };
}

/**
 * Agreement at every threshold (by default each score that occurs, ascending), and the best: the highest
 * kappa; on a tie, the higher observed agreement, then the higher (stricter) threshold, which keeps less
 * for the same agreement. Thresholds where kappa is undefined (one side all one label) cannot be best.
 */
export function bestThreshold(
  pairs: readonly RatedJudgement[],
  thresholds?: readonly number[],
): { best: ThresholdAgreement | null; all: ThresholdAgreement[] } {
  const candidates = thresholds ?? [...new Set(pairs.map((p) => p.score))].sort((a, b) => a - b);
  const all = candidates.map((t) => agreementAtThreshold(pairs, t));
  let best: ThresholdAgreement | null = null;
  for (const a of all) {
    if (a.kappa.kappa === null) continue;
    if (!best || better(a, best)) best = a;
  }
  return { best, all };
}

function better(a: ThresholdAgreement, b: ThresholdAgreement): boolean {
  const eps = 1e-12;
  const ka = a.kappa.kappa as number;
  const kb = b.kappa.kappa as number;
  if (Math.abs(ka - kb) > eps) return ka > kb;
  const oa = a.kappa.observed as number;
  const ob = b.kappa.observed as number;
  if (Math.abs(oa - ob) > eps) return oa > ob;
  return a.threshold > b.threshold;
}
