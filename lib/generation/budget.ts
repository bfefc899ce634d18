import { AppError } from "@/lib/errors";
import { usd } from "@/lib/utils/money";

// A job, rating job or evaluation run pauses once what it has spent reaches its budget, and says "raise it and
// resume". A resume with a new budget goes through here: one at or under what is already spent would pause
// the job again before its first call, so it is refused with what to enter instead.

export function checkRaisedBudget(budgetUsd: number | undefined, spentUsd: number): void {
  if (budgetUsd === undefined || budgetUsd > spentUsd) return;
  const message = `A budget of ${usd(budgetUsd)} is not above the ${usd(spentUsd)} already spent: enter more than ${usd(spentUsd)} to go on.`;
  throw new AppError("INVALID", message, { budgetUsd: [message] });
}

/** How far above an estimate a budget should be for the estimate's error not to matter. */
const TIGHT_MARGIN = 0.1;

/**
 * Said with an estimate when the budget entered is below it: the job (or run) would pause part of the way, and
 * the person should know before they start it; more softly when it is only just above it. Null when there is
 * no budget or it covers the estimate with room to spare.
 */
export function overBudgetWarning(estimateUsd: number, budgetUsd: number | undefined, what: "job" | "run") {
  if (budgetUsd === undefined || !(estimateUsd > 0)) return null;
  // One format for both amounts: the app's ($0.0500 under a dollar) only when both are under a dollar.
  const money = (n: number) => (estimateUsd < 1 ? usd(n) : `$${n.toFixed(2)}`);
  if (estimateUsd <= budgetUsd) {
    // Answers run longer or shorter than the estimate assumes: a budget at or just above it can pause the last
    // few calls (a run estimated at $0.1181 cost $0.1243).
    if (budgetUsd >= estimateUsd * (1 + TIGHT_MARGIN)) return null;
    return `The budget (${money(budgetUsd)}) is within ${TIGHT_MARGIN * 100}% of the estimate (${money(estimateUsd)}): answers longer than the estimate assumes could pause the ${what} near its end. Leave some room if it should finish unattended.`;
  }
  const share = Math.floor((100 * budgetUsd) / estimateUsd);
  const way = share < 1 ? "before 1%" : `about ${share}%`;
  return `The estimate (${money(estimateUsd)}) is above the budget (${money(budgetUsd)}): the ${what} pauses once it has spent the budget, ${way} of the way by this estimate. Raise the budget to let it finish, ask for less, or start it anyway and raise the budget when it pauses.`;
}

/**
 * An estimate's warnings for another budget than the one it was made with (the cost does not depend on the
 * budget, so a form keeps its estimate when only the budget changes): the over-budget warning for `madeWith`
 * replaced by the one for `budget`, last, where the estimate puts it.
 */
export function rebudgetedWarnings(
  warnings: readonly string[],
  estimateUsd: number | null,
  madeWith: number | undefined,
  budget: number | undefined,
  what: "job" | "run",
): string[] {
  if (estimateUsd === null) return [...warnings];
  const made = overBudgetWarning(estimateUsd, madeWith, what);
  const rest = warnings.filter((w) => w !== made);
  const now = overBudgetWarning(estimateUsd, budget, what);
  return now ? [...rest, now] : rest;
}
