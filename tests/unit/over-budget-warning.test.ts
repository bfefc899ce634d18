import { describe, expect, it } from "vitest";
import { overBudgetWarning, rebudgetedWarnings } from "@/lib/generation/budget";

// Said beside an estimate (a generation job's, an evaluation run's) when the budget entered is below it.

describe("overBudgetWarning", () => {
  it("says how far the budget goes when it is below the estimate", () => {
    expect(overBudgetWarning(11.28, 5, "job")).toBe(
      "The estimate ($11.28) is above the budget ($5.00): the job pauses once it has spent the budget, about 44% of the way by this estimate. Raise the budget to let it finish, ask for less, or start it anyway and raise the budget when it pauses.",
    );
    expect(overBudgetWarning(0.5, 0.2, "run")).toMatch(
      /^The estimate \(\$0\.5000\) is above the budget \(\$0\.2000\): the run pauses .* about 40% of the way/,
    );
  });

  it("writes both amounts alike, and a budget under 1% of the estimate as such", () => {
    expect(overBudgetWarning(4.24, 0.01, "job")).toMatch(
      /^The estimate \(\$4\.24\) is above the budget \(\$0\.01\): the job pauses once it has spent the budget, before 1% of the way/,
    );
  });

  it("says nothing without a budget, or with one that covers the estimate with room to spare", () => {
    expect(overBudgetWarning(11.28, undefined, "job")).toBeNull();
    expect(overBudgetWarning(11.28, 12.41, "job")).toBeNull(); // 10% above it
    expect(overBudgetWarning(11.28, 20, "run")).toBeNull();
    expect(overBudgetWarning(0, 5, "run")).toBeNull(); // an unpriced model counts as free
  });

  it("says softly that a budget at or just above the estimate could pause the end (answers vary in length)", () => {
    for (const budget of [11.28, 12, 12.4]) {
      expect(overBudgetWarning(11.28, budget, "job")).toMatch(
        /^The budget \(\$1[12]\.\d\d\) is within 10% of the estimate \(\$11\.28\): answers longer than the estimate assumes could pause the job near its end\./,
      );
    }
    expect(overBudgetWarning(0.1181, 0.1181, "run")).toMatch(
      /^The budget \(\$0\.1181\) is within 10%.* the run near/,
    );
  });
});

describe("rebudgetedWarnings (a form keeps its estimate when only the budget changes)", () => {
  const other = "No price for model x: its cost is left out.";
  it("replaces the warning for the budget the estimate was made with by the one for the budget entered", () => {
    const made = [other, overBudgetWarning(11.28, 5, "job") as string];
    const lowered = rebudgetedWarnings(made, 11.28, 5, 1, "job");
    expect(lowered).toEqual([other, overBudgetWarning(11.28, 1, "job")]);
    expect(lowered[1]).toMatch(/budget \(\$1\.00\).*about 8% of the way/);
    // Raised to cover it, then cleared: only the other warning stays.
    expect(rebudgetedWarnings(made, 11.28, 5, 20, "job")).toEqual([other]);
    expect(rebudgetedWarnings(made, 11.28, 5, undefined, "job")).toEqual([other]);
  });

  it("adds the warning to an estimate made without a budget, for each budget typed in turn", () => {
    const made = [other];
    for (const typed of [3, 2, 15, 0.5, undefined, 4]) {
      const warning = overBudgetWarning(11.28, typed, "job");
      expect(rebudgetedWarnings(made, 11.28, undefined, typed, "job")).toEqual(
        warning ? [other, warning] : [other],
      );
    }
  });

  it("leaves an estimate without a cost as it is", () => {
    expect(rebudgetedWarnings([other], null, undefined, 1, "job")).toEqual([other]);
  });
});
