import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { type Answer, answerOfOutcome, answerSides, judgesBlind, LETTERS, type Side } from "../blind";
import { type EvaluationResult, evaluationResult } from "../result";
import { judgedItems, loadRunItems } from "../run-items";
import { findRunId } from "../runs";
import type { Outcome } from "../scoring";
import type { EvalSettings } from "../settings";
import { humanJudgeAgreement, listRuns, loadRun, type RunSummaryRow, type RunView, runView } from "../views";

export type RunViewFor = Omit<RunView, "run" | "items" | "summary"> & {
  /** `keys`: where the run's API keys come from, for whoever runs evaluations only (null for anyone else) */
  run: Omit<RunView["run"], "keys"> & { keys: RunView["run"]["keys"] | null };
  /** `blind`: the judge's verdicts are withheld until this person records their own (judgesBlind) */
  items: (RunView["items"][number] & { blind: boolean })[];
  /** the win rates; null while `blindLeft` is above 0 */
  summary: RunView["summary"] | null;
  /**
   * Items this person judges blind and has not judged yet (0 for whoever runs evaluations). While any is left
   * the win rates are withheld: a rate of 100%, or a difficulty or topic with one item, tells the verdicts.
   */
  blindLeft: number;
};

/**
 * A run as people watch it: state, progress, win rates, items with both verdicts, clinician agreement. A
 * clinician who judges blind gets the verdicts of the items they have judged only, the win rates once they have
 * judged every item, and the agreement of their own verdicts with the judge (not the other clinicians').
 */
export async function getEvalRun(actor: Actor, input: { run: string }): Promise<RunViewFor> {
  authorize(actor, "evaluation.read");
  const full = await runView(await findRunId(input.run));
  // Where the keys come from is the business of whoever runs evaluations; a clinician gets nothing of it.
  const view = can(actor.roles, "evaluation.run") ? full : { ...full, run: { ...full.run, keys: null } };
  if (!judgesBlind(actor.roles))
    return { ...view, items: view.items.map((i) => ({ ...i, blind: false })), blindLeft: 0 };
  const mine = view.humanVerdicts.filter((h) => h.userId === actor.id);
  const judged = new Set(mine.map((h) => h.itemId));
  // What a clinician can judge: an item with both answers (an outputs file may have none for some).
  const blindLeft = view.items.filter(
    (i) => !judged.has(i.id) && i.candidate !== null && i.reference !== null,
  ).length;
  return {
    ...view,
    summary: blindLeft ? null : view.summary,
    blindLeft,
    items: view.items.map((i) =>
      judged.has(i.id) ? { ...i, blind: false } : { ...i, verdicts: {}, raw: {}, blind: true },
    ),
    humanVerdicts: mine,
    agreement: humanJudgeAgreement(view.items, mine),
  };
}

/** One of an item's two answers as a person is shown it. */
export type ItemAnswer = {
  /** "A" / "B" for a clinician who judges blind (their own order, answerSides); null: the named view */
  letter: (typeof LETTERS)[number] | null;
  /** whose answer it is; null while a clinician judges the item blind (not named until their verdict) */
  side: Side | null;
  text: string | null;
};

export type EvalItemView = {
  run: RunViewFor["run"];
  /** the item without its answers (they are in `answers`, as shown); the judge's verdicts empty while hidden */
  item: Omit<RunViewFor["items"][number], "candidate" | "reference">;
  nextId: string | null;
  /** the two answers in the order shown */
  answers: [ItemAnswer, ItemAnswer];
  /** this person's verdict: as it stands, as first recorded (what the agreement counts), as the letter shown */
  mine: { outcome: Outcome; blindOutcome: Outcome; answer: Answer | null } | null;
  /** a clinician judging blind sees the judge's verdicts on an item once their own is recorded, so they cannot
   *  sway it (the verdicts are left out until then) */
  judgeHidden: boolean;
  /** whoever runs evaluations and judges too, with no verdict of theirs on the item yet: the verdicts are here
   *  (the run's table shows them anyway), and the page folds them away until asked, so they can judge first */
  judgeFolded: boolean;
};

/**
 * An item of a run as a person's item page shows it. A clinician who judges blind sees the two answers as
 * "Answer A" and "Answer B", in an order random per item and person but the same on every reload, and not the
 * models' names until they have recorded their verdict (as A, B or a tie: recordHumanVerdict maps it back);
 * then the same order with the names. Whoever runs evaluations sees them named, the candidate's first.
 */
export async function getEvalItem(actor: Actor, input: { run: string; item: string }): Promise<EvalItemView> {
  const view = await getEvalRun(actor, { run: input.run });
  const index = view.items.findIndex((i) => i.id === input.item);
  const found = view.items[index];
  if (!found) throw new AppError("NOT_FOUND", "There is no such item in this run.");
  const { candidate, reference, ...item } = found;
  const verdict = view.humanVerdicts.find((h) => h.itemId === item.id && h.userId === actor.id) ?? null;
  const lettered = judgesBlind(actor.roles);
  const unjudged = can(actor.roles, "evaluation.judge") && verdict === null;
  const judgeHidden = unjudged && lettered;
  const sides = lettered
    ? answerSides(view.run.id, item.id, actor.id)
    : (["candidate", "reference"] as const);
  const texts = { candidate, reference };
  const answer = (i: 0 | 1): ItemAnswer => ({
    letter: lettered ? LETTERS[i] : null,
    side: lettered && !verdict ? null : sides[i],
    text: texts[sides[i]],
  });
  return {
    run: view.run,
    item: judgeHidden ? { ...item, verdicts: {}, raw: {} } : item,
    nextId: view.items[index + 1]?.id ?? null,
    answers: [answer(0), answer(1)],
    mine: verdict && {
      outcome: verdict.outcome,
      blindOutcome: verdict.blindOutcome,
      answer: lettered ? answerOfOutcome(verdict.outcome, sides) : null,
    },
    judgeHidden,
    judgeFolded: unjudged && !lettered,
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

/** Runs, newest first; on one test set for the comparison page. No win rates for a clinician who judges blind. */
export async function listEvalRuns(
  actor: Actor,
  input: { testSetId?: string } = {},
): Promise<RunSummaryRow[]> {
  authorize(actor, "evaluation.read");
  const runs = await listRuns(input);
  // A clinician who judges blind sees a run's win rate on its page once they have judged every item (getEvalRun).
  return judgesBlind(actor.roles) ? runs.map((r) => ({ ...r, winRate: null, low: null, high: null })) : runs;
}

/**
 * A run's settings as the run form takes them ("Start a new run with these settings"), never its keys; for
 * whoever runs evaluations. Reads the run row only (not its items and verdicts, as getEvalRun does).
 */
export async function evalRunFormValues(actor: Actor, input: { run: string }) {
  authorize(actor, "evaluation.run");
  const run = await loadRun(await findRunId(input.run));
  const settings = run.settings as unknown as EvalSettings;
  return {
    number: run.number,
    values: {
      reference: run.referenceModel,
      model: run.candidateSource === "endpoint" ? run.candidateModel : "",
      baseUrl: settings.candidateBaseUrl ?? "",
      judgeModel: run.judgeModel,
      judgeBaseUrl: settings.judgeBaseUrl ?? "",
      concurrency: String(settings.concurrency),
      budgetUsd: run.budgetUsd == null ? "" : String(run.budgetUsd),
      judgePromptVersion: String(run.judgePromptVersion),
    },
  };
}
