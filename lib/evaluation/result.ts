import { itemScore, type JudgedItem, type Outcome, summariseEvaluation } from "./scoring";

// The CLI's result (issue 16's contract): one JSON object with snake_case keys, exactly these. Built here so
// the CLI, the API and the download give the same bytes for the same run.

export type EvaluationResultItem = {
  /** the item's id in the imported file, where it had one; null otherwise */
  id: string | number | null;
  instruction: string;
  difficulty: number | null;
  candidate: string;
  reference: string;
  /** null: unparsed after the retry (or not judged) */
  verdicts: { reference_first: Outcome | null; reference_last: Outcome | null };
  /** null when both orders are unparsed */
  score: number | null;
};

export type EvaluationResult = {
  win_rate: number | null;
  standard_error: number | null;
  /** items scored */
  n: number;
  /** judgements (orders) with a Tie verdict */
  ties: number;
  /** judgements (orders) unparsed after the retry */
  unparsed: number;
  /** items whose two parsed orders disagree */
  position_disagreements: number;
  /** keys "1".."5", only the difficulties the test set has */
  by_difficulty: Record<string, { win_rate: number | null; n: number }>;
  items: EvaluationResultItem[];
};

export function evaluationResult(items: readonly JudgedItem[]): EvaluationResult {
  const summary = summariseEvaluation(items);
  const byDifficulty: EvaluationResult["by_difficulty"] = {};
  for (const [key, rate] of Object.entries(summary.byDifficulty)) {
    byDifficulty[key] = { win_rate: rate.winRate, n: rate.n };
  }
  return {
    win_rate: summary.winRate,
    standard_error: summary.standardError,
    n: summary.n,
    ties: summary.ties,
    unparsed: summary.unparsed,
    position_disagreements: summary.positionDisagreements,
    by_difficulty: byDifficulty,
    items: items.map((item) => ({
      id: item.externalId ?? null,
      instruction: item.instruction,
      difficulty: item.difficulty,
      candidate: item.candidate,
      reference: item.reference,
      verdicts: {
        reference_first: item.verdicts.reference_first ?? null,
        reference_last: item.verdicts.reference_last ?? null,
      },
      score: itemScore(item.verdicts),
    })),
  };
}
