import { wilsonBounds, Z95 } from "@/lib/quality/normal";
import type { Verdict } from "./parse-verdict";

// Scoring of a pairwise evaluation (PIPELINE.md section 6). Every item is judged twice:
//   reference_first: the reference is Output (a), the candidate Output (b);
//   reference_last:  the candidate is Output (a), the reference Output (b).
// Per order: 1 when the candidate wins, 0 when the reference wins, 0.5 for a tie. An unparsed verdict (null,
// after the job's one retry) is left out, as AlpaCare leaves its NaN out; an item's score is the mean of its
// parsed orders; the win rate is the mean of the item scores. Pure, so the job, the page and the CLI agree.

export type JudgeOrder = "reference_first" | "reference_last";
export const JUDGE_ORDERS: readonly JudgeOrder[] = ["reference_first", "reference_last"];

export type Outcome = "candidate" | "reference" | "tie";
/** The categories of a clinician-vs-judge confusion table (lib/quality/agreement), in display order. */
export const OUTCOMES: readonly Outcome[] = ["candidate", "reference", "tie"];

/** Per order: an outcome, null when the judge's answer stayed unparsed, absent when not judged (yet). */
export type OrderVerdicts = Partial<Record<JudgeOrder, Outcome | null>>;

export const OUTCOME_SCORE: Record<Outcome, number> = { candidate: 1, reference: 0, tie: 0.5 };

/** The judge's (a)/(b)/Tie read as who won, given which position the candidate held in that order. */
export function outcomeOf(order: JudgeOrder, verdict: Verdict | null): Outcome | null {
  if (verdict === null) return null;
  if (verdict === "tie") return "tie";
  const candidateIs = order === "reference_first" ? "b" : "a";
  return verdict === candidateIs ? "candidate" : "reference";
}

/** Which position a parsed outcome picked in its order: for position bias (tie picks none). */
function pickedPosition(order: JudgeOrder, outcome: Outcome): "a" | "b" | null {
  if (outcome === "tie") return null;
  const candidateIs = order === "reference_first" ? "b" : "a";
  return outcome === "candidate" ? candidateIs : candidateIs === "a" ? "b" : "a";
}

/** The mean of the parsed orders; null when neither is parsed (the item is then left out). */
export function itemScore(verdicts: OrderVerdicts): number | null {
  const parsed = JUDGE_ORDERS.map((o) => verdicts[o]).filter((v): v is Outcome => v != null);
  if (!parsed.length) return null;
  return parsed.reduce((sum, v) => sum + OUTCOME_SCORE[v], 0) / parsed.length;
}

/**
 * Both orders parsed and they disagree about who won: with the answers swapped, the judge changed its mind,
 * so the position (not the content) decided at least one of them. "(a)" both times is the classic case.
 */
export function positionDisagrees(verdicts: OrderVerdicts): boolean {
  const first = verdicts.reference_first;
  const last = verdicts.reference_last;
  return first != null && last != null && first !== last;
}

export type WinRate = {
  /** mean item score in [0, 1]; null with nothing scored */
  winRate: number | null;
  /** standard error of that mean (sample standard deviation / sqrt(n)); null below 2 items */
  standardError: number | null;
  /** 95% Wilson score interval around the win rate (see winRate); null below 2 items */
  low: number | null;
  high: number | null;
  /** items scored */
  n: number;
};

/**
 * The win rate of a list of item scores, with its standard error (as alpaca_eval reports it) and a 95%
 * interval. The interval is Wilson's, not mean ± 1.96·SE: item scores lie in [0, 1], so their variance is at
 * most p(1 − p) and Wilson's interval covers them, while the normal one collapses to a point whenever every item
 * has the same score (five wins of five read "100%–100%") and is too narrow at the small n of one difficulty.
 */
export function winRate(scores: readonly number[], z = Z95): WinRate {
  const n = scores.length;
  if (n === 0) return { winRate: null, standardError: null, low: null, high: null, n };
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { winRate: mean, standardError: null, low: null, high: null, n };
  const variance = scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1);
  const standardError = Math.sqrt(variance / n);
  return { winRate: mean, standardError, ...wilsonBounds(mean, n, z), n };
}

export type JudgedItem = {
  /** the item's id in the imported file, where it had one */
  externalId?: string | number | null;
  /** the instruction as the judge saw it (judgedInstruction: with the input after a blank line) */
  instruction: string;
  difficulty: number | null;
  topic?: string | null;
  taskType?: string | null;
  candidate: string;
  reference: string;
  verdicts: OrderVerdicts;
};

export type EvaluationSummary = WinRate & {
  /** every item, scored or not */
  items: number;
  /** judgements (orders, not items) with a Tie verdict */
  ties: number;
  /** judgements (orders) whose verdict stayed unparsed after the retry */
  unparsed: number;
  /** judgements (orders) not made yet: a run in progress, or stopped */
  missing: number;
  /** items whose two parsed orders disagree */
  positionDisagreements: number;
  /** items with both orders parsed: the denominator of the share below */
  bothOrdersParsed: number;
  /** positionDisagreements / bothOrdersParsed: the judge's position bias as a share; null when none */
  positionDisagreementShare: number | null;
  /** of the disagreements, those where the judge picked Output (a) both times, and Output (b) both times */
  favouredFirst: number;
  favouredSecond: number;
  byDifficulty: Record<string, WinRate>;
  byTaskType: Record<string, WinRate>;
  byTopic: Record<string, WinRate>;
};

export function summariseEvaluation(items: readonly JudgedItem[]): EvaluationSummary {
  let ties = 0;
  let unparsed = 0;
  let missing = 0;
  let positionDisagreements = 0;
  let bothOrdersParsed = 0;
  let favouredFirst = 0;
  let favouredSecond = 0;
  const scores: number[] = [];
  for (const item of items) {
    for (const order of JUDGE_ORDERS) {
      const v = item.verdicts[order];
      if (v === undefined) missing++;
      else if (v === null) unparsed++;
      else if (v === "tie") ties++;
    }
    const first = item.verdicts.reference_first;
    const last = item.verdicts.reference_last;
    if (first != null && last != null) {
      bothOrdersParsed++;
      if (positionDisagrees(item.verdicts)) {
        positionDisagreements++;
        const a = pickedPosition("reference_first", first);
        const b = pickedPosition("reference_last", last);
        if (a === "a" && b === "a") favouredFirst++;
        if (a === "b" && b === "b") favouredSecond++;
      }
    }
    const score = itemScore(item.verdicts);
    if (score !== null) scores.push(score);
  }
  return {
    ...winRate(scores),
    items: items.length,
    ties,
    unparsed,
    missing,
    positionDisagreements,
    bothOrdersParsed,
    positionDisagreementShare: bothOrdersParsed ? positionDisagreements / bothOrdersParsed : null,
    favouredFirst,
    favouredSecond,
    byDifficulty: groupWinRates(items, (i) => (i.difficulty == null ? null : String(i.difficulty))),
    byTaskType: groupWinRates(items, (i) => i.taskType || null),
    byTopic: groupWinRates(items, (i) => i.topic || null),
  };
}

/**
 * Win rates per group, keys sorted; items without a key are left out of the grouping (not of the overall
 * rate). A group whose items are all unparsed still appears, with n = 0 and a null rate.
 */
export function groupWinRates(
  items: readonly JudgedItem[],
  keyOf: (item: JudgedItem) => string | null,
): Record<string, WinRate> {
  const groups = new Map<string, number[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const scores = groups.get(key) ?? [];
    const score = itemScore(item.verdicts);
    if (score !== null) scores.push(score);
    groups.set(key, scores);
  }
  const out: Record<string, WinRate> = {};
  for (const key of [...groups.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }))) {
    out[key] = winRate(groups.get(key) as number[]);
  }
  return out;
}
