import { describe, expect, it } from "vitest";
import {
  cohensKappa,
  confusionTable,
  kappaCaveat,
  kappaNotYet,
  pairAgreement,
} from "@/lib/quality/agreement";
import { doubleGrading } from "@/lib/quality/double-grading";
import { krippendorffAlpha } from "@/lib/quality/krippendorff";
import { agreementAtThreshold, bestThreshold, type RatedJudgement } from "@/lib/quality/threshold";

describe("Cohen's kappa", () => {
  it("matches the textbook 2x2 example (Wikipedia, 'Cohen's kappa', 50 proposals)", () => {
    // Both yes 20, A yes B no 5, A no B yes 10, both no 15.
    // p_o = 35/50 = 0.7; A says yes 25/50 = 0.5, B 30/50 = 0.6; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
    // SE (Fleiss, Cohen & Everitt): cell shares .4 .1 / .2 .3, rows .5 .5, columns .6 .4, 1 − κ = 0.6.
    //   A = .4·(1 − 1.1·.6)² + .3·(1 − .9·.6)² = .4·.1156 + .3·.2116 = .10972
    //   B = .6² · (.1·(.6 + .5)² + .2·(.4 + .5)²) = .36 · .283 = .10188
    //   C = (.4 − .5·.6)² = .01
    //   Var = (.10972 + .10188 − .01) / (50 · .5²) = .2016 / 12.5 = .016128
    const k = cohensKappa({
      counts: [
        [20, 5],
        [10, 15],
      ],
    });
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(k.standardError).toBeCloseTo(Math.sqrt(0.016128), 12);
    expect(k.low).toBeCloseTo(0.4 - 1.96 * Math.sqrt(0.016128), 12);
    expect(k.high).toBeCloseTo(0.4 + 1.96 * Math.sqrt(0.016128), 12);
    expect(k.n).toBe(50);
  });

  it("matches Fleiss, Levin & Paik's three-category example (Table 18.1, n = 100)", () => {
    // Shares: .75 .01 .04 / .05 .04 .01 / 0 0 .10; rows .8 .1 .1; columns .8 .05 .15.
    // p_o = .89; p_e = .64 + .005 + .015 = .66; κ = .23/.34 = .6765 (the book's .68).
    // Eq. 18.13 by hand: A = .75·(1 − 1.6·.3235)² + .04·(1 − .15·.3235)² + .10·(1 − .25·.3235)² = .295188;
    // B = Σ_{i≠j} p_ij (p_.i + p_j.)² = .01·(.8 + .1)² + .04·(.8 + .1)² + .05·(.05 + .8)² + .01·(.05 + .1)²
    //   = .0081 + .0324 + .036125 + .000225 = .07685 (the zero cells add nothing);
    // C = (.6765 − .66·.3235)² = .214315; Var = (.295188 + .3235²·.07685 − .214315) / (100·.34²) = .0076918.
    const k = cohensKappa({
      counts: [
        [75, 1, 4],
        [5, 4, 1],
        [0, 0, 10],
      ],
    });
    expect(k.kappa).toBeCloseTo(0.23 / 0.34, 12);
    expect(k.standardError).toBeCloseTo(Math.sqrt(0.0076918), 6);
  });

  it("is 1 with no spread for perfect agreement, and clips its interval to [-1, 1]", () => {
    const perfect = cohensKappa({
      counts: [
        [5, 0],
        [0, 5],
      ],
    });
    expect(perfect).toMatchObject({ kappa: 1, standardError: 0, low: 1, high: 1 });
    // A judge calling every item a tie while the clinician varies: kappa 0 with a zero large-sample variance,
    // which is the formula breaking down, not certainty: no interval.
    const allTies = cohensKappa({
      counts: [
        [0, 0, 1],
        [0, 0, 1],
        [0, 0, 0],
      ],
    });
    expect(allTies).toMatchObject({ kappa: 0, standardError: 0, low: null, high: null, n: 2 });
    const opposite = cohensKappa({
      counts: [
        [0, 1],
        [1, 0],
      ],
    });
    expect(opposite.kappa).toBe(-1);
    expect(opposite.low).toBe(-1);
  });

  it("is undefined (null) with no pairs, or when both raters always used the same one category", () => {
    expect(cohensKappa({ counts: [[0]] }).kappa).toBeNull();
    expect(
      cohensKappa({
        counts: [
          [10, 0],
          [0, 0],
        ],
      }),
    ).toMatchObject({ kappa: null, observed: 1, expected: 1 });
  });
});

describe("the confusion table", () => {
  it("counts pairs in the given category order, keeping unused categories", () => {
    const t = confusionTable(
      [
        ["candidate", "candidate"],
        ["tie", "candidate"],
        ["reference", "reference"],
      ],
      ["candidate", "reference", "tie"],
    );
    expect(t).toEqual({
      categories: ["candidate", "reference", "tie"],
      counts: [
        [1, 0, 0],
        [0, 1, 0],
        [1, 0, 0],
      ],
      n: 3,
    });
  });

  it("sorts the categories it finds, numbers as numbers", () => {
    expect(
      confusionTable([
        [10, 2],
        [2, 1],
      ]).categories,
    ).toEqual([1, 2, 10]);
  });

  it("refuses a rating outside the given categories", () => {
    expect(() => confusionTable([["x", "y"]], ["x"])).toThrow(/not one of the categories/);
  });

  it("gives a clinician-vs-judge agreement in one call", () => {
    const { table, kappa } = pairAgreement(
      [
        ["candidate", "candidate"],
        ["reference", "reference"],
        ["tie", "reference"],
        ["candidate", "candidate"],
      ],
      ["candidate", "reference", "tie"],
    );
    expect(table.n).toBe(4);
    // p_o = 3/4; rows .5 .25 .25; columns .5 .5 0; p_e = .25 + .125 = .375; κ = .375/.625 = .6.
    expect(kappa.kappa).toBeCloseTo(0.6, 12);
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it("matches Krippendorff (2011)'s worked example: 4 observers, 12 units, missing values, alpha = 0.743", () => {
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const units = observers[0]?.map((_, u) => observers.map((o) => o[u] ?? null)) ?? [];
    const a = krippendorffAlpha(units);
    expect(a.pairable).toBe(40); // unit 12 has one value: not pairable
    expect(a.units).toBe(11);
    expect(a.alpha).toBeCloseTo(0.743, 3);
  });

  it("matches a small case by hand", () => {
    // Values a,a | a,b | b,b | b,b: n = 8, n_a = 3, n_b = 5; one unit disagrees: o_ab + o_ba = 2.
    // alpha = 1 − (n − 1)·2 / (n² − Σ n_c²) = 1 − 7·2/(64 − 34) = 1 − 14/30 = 8/15.
    const a = krippendorffAlpha([
      ["a", "a"],
      ["a", "b"],
      ["b", "b"],
      ["b", "b"],
    ]);
    expect(a.alpha).toBeCloseTo(8 / 15, 12);
  });

  it("is undefined when every value is the same, or nothing is pairable", () => {
    expect(
      krippendorffAlpha([
        ["x", "x"],
        ["x", "x", "x"],
      ]).alpha,
    ).toBeNull();
    expect(
      krippendorffAlpha([
        ["x", null],
        [null, "y"],
      ]).alpha,
    ).toBeNull();
    expect(krippendorffAlpha([]).alpha).toBeNull();
  });

  it("is 1 for perfect agreement", () => {
    expect(
      krippendorffAlpha([
        ["x", "x"],
        ["y", "y", undefined],
      ]).alpha,
    ).toBe(1);
  });
});

describe("agreement between the rating and reviewers, and the best threshold", () => {
  // score, reviewer's acceptable
  const pairs: RatedJudgement[] = [
    [5, true],
    [4.5, true],
    [4.5, true],
    [4, true],
    [4, false],
    [3.5, false],
    [3, false],
    [2, false],
    [5, false],
    [1, false],
  ].map(([score, acceptable]) => ({ score: score as number, acceptable: acceptable as boolean }));

  it("at 4.5: table by hand and kappa .28/.48", () => {
    const a = agreementAtThreshold(pairs, 4.5);
    // rows: reviewer acceptable / not; columns: rated >= 4.5 / below
    expect(a.table.counts).toEqual([
      [3, 1],
      [1, 5],
    ]);
    expect(a.kept).toBe(4);
    // p_o = .8; p_e = .4·.4 + .6·.6 = .52
    expect(a.kappa.kappa).toBeCloseTo(0.28 / 0.48, 12);
  });

  it("finds the threshold with the highest kappa (4: p_o .8, p_e .48, kappa .32/.52)", () => {
    const { best, all } = bestThreshold(pairs);
    expect(all.map((a) => a.threshold)).toEqual([1, 2, 3, 3.5, 4, 4.5, 5]);
    // By hand: 1 -> 0, 2 -> .08/.58, 3 -> .16/.56, 3.5 -> .24/.54, 4 -> .32/.52, 4.5 -> .28/.48, 5 -> .04/.44
    const expected = [0, 0.08 / 0.58, 0.16 / 0.56, 0.24 / 0.54, 0.32 / 0.52, 0.28 / 0.48, 0.04 / 0.44];
    all.forEach((a, i) => {
      expect(a.kappa.kappa).toBeCloseTo(expected[i] as number, 12);
    });
    expect(best?.threshold).toBe(4);
  });

  it("breaks a tie by the stricter threshold, and skips thresholds where kappa is undefined", () => {
    const twoLevels = [
      { score: 2, acceptable: false },
      { score: 4, acceptable: true },
      { score: 4, acceptable: false },
    ];
    // 3 and 4 split the records the same way.
    expect(bestThreshold(twoLevels, [3, 4]).best?.threshold).toBe(4);
    const allAcceptable = [
      { score: 5, acceptable: true },
      { score: 4, acceptable: true },
    ];
    // At 4 both sides say acceptable for all: p_e = 1, kappa undefined. At 5 kappa is 0.
    const r = bestThreshold(allAcceptable, [4, 5]);
    expect(r.all[0]?.kappa.kappa).toBeNull();
    expect(r.best?.threshold).toBe(5);
    expect(bestThreshold([]).best).toBeNull();
  });
});

describe("double grading", () => {
  it("gives two raters their table, kappa and alpha, and lists the disagreements", () => {
    const r = doubleGrading(
      [
        { id: "r1", grades: ["acceptable", "acceptable"] },
        { id: "r2", grades: ["acceptable", "unsafe"] },
        { id: "r3", grades: ["wrong", "wrong"] },
        { id: "r4", grades: ["wrong", null] },
      ],
      ["acceptable", "wrong", "unsafe"],
    );
    expect(r.raters).toBe(2);
    expect(r.pair?.table.n).toBe(3); // r4 was graded once
    // p_o = 2/3; rows 2/3 1/3 0, columns 1/3 1/3 1/3; p_e = 2/9 + 1/9 = 1/3; kappa = (1/3)/(2/3) = .5
    expect(r.pair?.kappa.kappa).toBeCloseTo(0.5, 12);
    expect(r.alpha.alpha).not.toBeNull();
    expect(r.disagreements.map((u) => u.id)).toEqual(["r2"]);
  });

  it("uses alpha alone for three raters", () => {
    const r = doubleGrading([
      { id: 1, grades: ["a", "a", "b"] },
      { id: 2, grades: ["b", "b", "b"] },
      { id: 3, grades: ["a", null, "a"] },
    ]);
    expect(r.raters).toBe(3);
    expect(r.pair).toBeNull();
    // n = 8 (n_a = 4, n_b = 4); unit 1: 3 values, 4 ordered disagreeing pairs / (3 − 1) = 2.
    // alpha = 1 − 7·2/(64 − 32) = 1 − 14/32 = 9/16
    expect(r.alpha.alpha).toBeCloseTo(9 / 16, 12);
    expect(r.disagreements.map((u) => u.id)).toEqual([1]);
  });
});

describe("a kappa over few pairs", () => {
  it("carries a caveat below ten pairs and none from ten on", async () => {
    expect(kappaCaveat(1)).toBe(
      "Only 1 pair so far: too few for kappa to say much; it settles from about 10 on.",
    );
    expect(kappaCaveat(9)).toContain("Only 9 pairs so far");
    expect(kappaCaveat(10)).toBeNull();
    expect(kappaCaveat(216)).toBeNull();
  });
});

describe("a kappa that is no measure yet", () => {
  const words = {
    units: "records",
    by: "graded by both reviewers",
    both: "the two reviewers",
    rating: "grade",
    ratings: "grades",
  };
  it("says so in words over fewer than two pairs, and when every rating was the same", () => {
    const one = cohensKappa(confusionTable([["good", "good"]]));
    expect(one.n).toBe(1);
    expect(kappaNotYet(one, words)).toBe(
      "Cohen's kappa: not computed yet: it needs at least 2 records graded by both reviewers (1 so far).",
    );
    const same = cohensKappa(
      confusionTable([
        ["good", "good"],
        ["good", "good"],
        ["good", "good"],
      ]),
    );
    expect(same.kappa).toBeNull();
    expect(kappaNotYet(same, words)).toBe(
      "Cohen's kappa: not defined yet: over 3 records, the two reviewers gave one and the same grade every time, and kappa needs grades that vary.",
    );
    const varied = cohensKappa(
      confusionTable([
        ["good", "good"],
        ["bad", "bad"],
        ["good", "bad"],
      ]),
    );
    expect(varied.kappa).not.toBeNull();
    expect(kappaNotYet(varied, words)).toBeNull();
  });
});
