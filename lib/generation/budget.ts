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
