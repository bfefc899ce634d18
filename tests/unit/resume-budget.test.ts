import { describe, expect, it } from "vitest";
import { suggestedBudget } from "@/components/generation/resume-with-budget";
import { checkRaisedBudget } from "@/lib/generation/budget";
import { BUDGET_PAUSE_PREFIX, isBudgetPause } from "@/lib/generation/budget-pause";

describe("raising a budget on resume", () => {
  it("refuses a budget at or under the spend, naming what to enter, and takes one above it", () => {
    expect(() => checkRaisedBudget(2, 2)).toThrow(
      /not above the \$2\.00 already spent: enter more than \$2\.00/,
    );
    expect(() => checkRaisedBudget(0.01, 0.0123)).toThrow(/\$0\.0123 already spent/);
    expect(() => checkRaisedBudget(2.01, 2)).not.toThrow();
    expect(() => checkRaisedBudget(undefined, 50)).not.toThrow();
  });

  it("suggests twice the old budget, at least a cent over the spend, in whole cents", () => {
    expect(suggestedBudget(5, 5)).toBe(10);
    expect(suggestedBudget(0.01, 0.0102)).toBe(0.03);
    expect(suggestedBudget(1, 3.456)).toBe(3.47);
    for (const [budget, spent] of [
      [0.01, 0.3],
      [2, 1.9],
      [100, 100],
    ] as const)
      expect(suggestedBudget(budget, spent)).toBeGreaterThan(spent);
  });
});

describe("telling a budget pause", () => {
  it("goes by the words every engine's budget pause starts with, not by any mention of a budget", () => {
    expect(
      isBudgetPause(`${BUDGET_PAUSE_PREFIX}$0.02 is reached ($0.02 spent). Raise it and resume to go on.`),
    ).toBe(true);
    // Other pauses that name a budget or a price are not budget pauses.
    expect(
      isBudgetPause(
        `No price for "m" in the price table: its cost counts as $0 and the budget cap cannot see it.`,
      ),
    ).toBe(false);
    expect(isBudgetPause("Paused by a@b.test")).toBe(false);
    expect(isBudgetPause(null)).toBe(false);
    expect(isBudgetPause(undefined)).toBe(false);
  });
});
