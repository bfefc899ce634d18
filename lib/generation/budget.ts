import { AppError } from "@/lib/errors";

// A job, rating job or evaluation run pauses once what it has spent reaches its budget, and says "raise it and
// resume". A resume with a new budget goes through here: one at or under what is already spent would pause
// the job again before its first call, so it is refused with what to enter instead.

const dollars = (n: number) => `$${n < 1 ? n.toFixed(4).replace(/0{1,2}$/, "") : n.toFixed(2)}`;

export function checkRaisedBudget(budgetUsd: number | undefined, spentUsd: number): void {
  if (budgetUsd === undefined || budgetUsd > spentUsd) return;
  const message = `A budget of ${dollars(budgetUsd)} is not above the ${dollars(spentUsd)} already spent: enter more than ${dollars(spentUsd)} to go on.`;
  throw new AppError("INVALID", message, { budgetUsd: [message] });
}
