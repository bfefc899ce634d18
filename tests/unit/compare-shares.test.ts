import { describe, expect, it } from "vitest";
import { compareShares } from "@/lib/dataset/compare-shares";

// The rows of the analysis page's seeds-vs-generated charts: shares per side, and for topics at most 20 labels
// with the rest of each side in "Other topics" (each side's own top 20 together showed up to 40 bars).

const counts = (prefix: string, n: number, each = 1) =>
  Array.from({ length: n }, (_, i) => ({ label: `${prefix}${i}`, count: each }));

describe("compareShares", () => {
  it("gives each side's share of each label, by the generated share first", () => {
    const rows = compareShares(
      [
        { label: "a", count: 1 },
        { label: "b", count: 3 },
      ],
      [
        { label: "a", count: 3 },
        { label: "c", count: 1 },
      ],
    );
    expect(rows).toEqual([
      { label: "a", Seeds: 25, Generated: 75 },
      { label: "c", Seeds: 0, Generated: 25 },
      { label: "b", Seeds: 75, Generated: 0 },
    ]);
  });

  it("keeps at most `top` labels and folds the rest of each side, its own other row included", () => {
    // Seeds: 20 topics s0..s19 of 4 each plus an "Other topics" of 20 (100 in all); generated: 20 other
    // topics g0..g19 of 5 each (100 in all), so 40 labels before folding.
    const seeds = [...counts("s", 20, 4), { label: "Other topics", count: 20 }];
    const generated = counts("g", 20, 5);
    const rows = compareShares(seeds, generated, { top: { count: 20, other: "Other topics" } });
    expect(rows).toHaveLength(21);
    expect(rows.slice(0, 20).map((r) => r.label)).toEqual(counts("g", 20).map((c) => c.label));
    expect(rows.at(-1)).toEqual({ label: "Other topics", Seeds: 100, Generated: 0 });
    // Each side still sums to 100%.
    for (const side of ["Seeds", "Generated"] as const)
      expect(rows.reduce((n, r) => n + r[side], 0)).toBeCloseTo(100, 5);
  });

  it("leaves the list alone when it fits, other row and fixed order included", () => {
    const seeds = [
      { label: "1", count: 2 },
      { label: "2", count: 2 },
    ];
    const generated = [
      { label: "1", count: 1 },
      { label: "2", count: 3 },
    ];
    expect(
      compareShares(seeds, generated, { fixedOrder: true, top: { count: 20, other: "Other" } }).map(
        (r) => r.label,
      ),
    ).toEqual(["1", "2"]);
  });
});
