import { describe, expect, it } from "vitest";
import { evaluationResult } from "@/lib/evaluation/result";
import {
  groupWinRates,
  itemScore,
  type JudgedItem,
  type OrderVerdicts,
  outcomeOf,
  positionDisagrees,
  summariseEvaluation,
  winRate,
} from "@/lib/evaluation/scoring";

const item = (verdicts: OrderVerdicts, extra: Partial<JudgedItem> = {}): JudgedItem => ({
  instruction: "Q",
  difficulty: null,
  candidate: "cand",
  reference: "ref",
  verdicts,
  ...extra,
});

describe("reading a verdict as who won", () => {
  it("maps (a)/(b) by the candidate's position in each order", async () => {
    // reference_first: reference is (a), candidate (b); reference_last: candidate (a), reference (b).
    expect(outcomeOf("reference_first", "a")).toBe("reference");
    expect(outcomeOf("reference_first", "b")).toBe("candidate");
    expect(outcomeOf("reference_last", "a")).toBe("candidate");
    expect(outcomeOf("reference_last", "b")).toBe("reference");
    expect(outcomeOf("reference_first", "tie")).toBe("tie");
    expect(outcomeOf("reference_last", null)).toBeNull();
  });
});

describe("an item's score", () => {
  it("is the mean of its parsed orders: win 1, tie 0.5, loss 0", async () => {
    expect(itemScore({ reference_first: "candidate", reference_last: "candidate" })).toBe(1);
    expect(itemScore({ reference_first: "reference", reference_last: "reference" })).toBe(0);
    expect(itemScore({ reference_first: "tie", reference_last: "tie" })).toBe(0.5);
    expect(itemScore({ reference_first: "tie", reference_last: "candidate" })).toBe(0.75);
    expect(itemScore({ reference_first: "reference", reference_last: "tie" })).toBe(0.25);
    expect(itemScore({ reference_first: "candidate", reference_last: "reference" })).toBe(0.5);
  });

  it("leaves an unparsed order out, and is null when both are unparsed", async () => {
    expect(itemScore({ reference_first: null, reference_last: "candidate" })).toBe(1);
    expect(itemScore({ reference_first: "tie", reference_last: null })).toBe(0.5);
    expect(itemScore({ reference_first: null, reference_last: null })).toBeNull();
  });

  it("scores an item with one order missing (not judged yet) by the other", async () => {
    expect(itemScore({ reference_first: "reference" })).toBe(0);
    expect(itemScore({ reference_last: "tie" })).toBe(0.5);
    expect(itemScore({})).toBeNull();
  });
});

describe("position disagreement", () => {
  it("is both orders parsed and different after mapping to candidate/reference", async () => {
    // "(a)" both times: reference wins when it is (a), candidate wins when it is (a).
    expect(positionDisagrees({ reference_first: "reference", reference_last: "candidate" })).toBe(true);
    expect(positionDisagrees({ reference_first: "tie", reference_last: "candidate" })).toBe(true);
    expect(positionDisagrees({ reference_first: "candidate", reference_last: "candidate" })).toBe(false);
    expect(positionDisagrees({ reference_first: "tie", reference_last: "tie" })).toBe(false);
    expect(positionDisagrees({ reference_first: null, reference_last: "candidate" })).toBe(false);
    expect(positionDisagrees({ reference_first: "candidate" })).toBe(false);
  });
});

describe("the win rate", () => {
  it("is the mean with the standard error of the mean and a 95% Wilson interval", async () => {
    // Scores 1, 1, 1, 0.75: mean 0.9375; deviations 0.0625 (x3) and -0.1875; squares sum to
    // 3 x 0.00390625 + 0.03515625 = 0.046875; sample variance 0.046875 / 3 = 0.015625;
    // SE = sqrt(0.015625 / 4) = 0.0625.
    // Wilson, z² = 3.8416: denominator 1 + 3.8416/4 = 1.9604; centre (0.9375 + 0.4802) / 1.9604 = 0.72317;
    // half 1.96 x sqrt(0.9375 x 0.0625 / 4 + 3.8416 / 64) / 1.9604 = 1.96 x 0.27326 / 1.9604 = 0.27321.
    const r = winRate([1, 1, 1, 0.75]);
    expect(r.winRate).toBe(0.9375);
    expect(r.standardError).toBeCloseTo(0.0625, 12);
    expect(r.low).toBeCloseTo(0.44996, 4);
    expect(r.high).toBeCloseTo(0.99638, 4);
    expect(r.n).toBe(4);
  });

  it("does not collapse to a point when every item has the same score", async () => {
    // Five wins of five: SE 0, so mean ± 1.96·SE would read 100%–100%. Wilson: denominator 1 + 3.8416/5 =
    // 1.76832; centre 1.38416 / 1.76832 = 0.78275; half 1.96 x sqrt(3.8416 / 100) / 1.76832 = 0.21724.
    const r = winRate([1, 1, 1, 1, 1]);
    expect(r.standardError).toBe(0);
    expect(r.low).toBeCloseTo(0.56551, 4);
    expect(r.high).toBe(1);
    const none = winRate([0, 0, 0, 0, 0]);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(1 - 0.56551, 4);
  });

  it("has no standard error below two items, and no rate with none", async () => {
    expect(winRate([0.5])).toEqual({ winRate: 0.5, standardError: null, low: null, high: null, n: 1 });
    expect(winRate([])).toEqual({ winRate: null, standardError: null, low: null, high: null, n: 0 });
  });

  it("stays inside [0, 1] near the ends", async () => {
    // Scores 0, 0, 0.25: mean 1/12; sample variance ((1/12)²·2 + (1/6)²) / 2 = 1/48; SE = sqrt(1/144) = 1/12.
    // mean - 1.96·SE would be negative; Wilson: denominator 2.28053, centre (0.08333 + 0.64027) / 2.28053 =
    // 0.31729, half 1.96 x sqrt(0.08333 x 0.91667 / 3 + 3.8416 / 36) / 2.28053 = 0.31246.
    const r = winRate([0, 0, 0.25]);
    expect(r.standardError).toBeCloseTo(1 / 12, 12);
    expect(r.low).toBeCloseTo(0.00484, 4);
    expect(r.high).toBeCloseTo(0.62975, 4);
  });
});

// Nine items covering every case; each line gives the item's score by hand.
const RUN: JudgedItem[] = [
  item({ reference_first: "candidate", reference_last: "candidate" }, { difficulty: 1, externalId: 10 }), // 1
  item({ reference_first: "reference", reference_last: "reference" }, { difficulty: 1, externalId: 11 }), // 0
  item({ reference_first: "tie", reference_last: "candidate" }, { difficulty: 2, taskType: "Chat" }), // 0.75, disagree
  item({ reference_first: "candidate", reference_last: "reference" }, { difficulty: 2, taskType: "Chat" }), // 0.5, (b) twice
  item({ reference_first: "reference", reference_last: "candidate" }, { difficulty: 3, topic: "Renal" }), // 0.5, (a) twice
  item({ reference_first: null, reference_last: "tie" }, { difficulty: 3, topic: "Renal" }), // 0.5, one unparsed
  item({ reference_first: null, reference_last: null }, { difficulty: 3 }), // null, both unparsed
  item({ reference_first: "candidate" }, { difficulty: 4 }), // 1, one order missing
  item({ reference_first: "tie", reference_last: "tie" }), // 0.5, no difficulty
];
// Scored: 1, 0, 0.75, 0.5, 0.5, 0.5, 1, 0.5 -> n 8, sum 4.75, mean 0.59375.
// Deviations 0.40625 (x2), -0.59375, 0.15625, -0.09375 (x4); squares 0.1650390625 (x2), 0.3525390625,
// 0.0244140625, 0.0087890625 (x4): sum 0.7421875; sample variance 0.7421875 / 7; SE = sqrt(that / 8).
const SE = Math.sqrt(0.7421875 / 7 / 8);

describe("summarising a run", () => {
  const s = summariseEvaluation(RUN);

  it("gives the win rate over the scored items with its standard error and interval", async () => {
    expect(s.items).toBe(9);
    expect(s.n).toBe(8);
    expect(s.winRate).toBe(0.59375);
    expect(s.standardError).toBeCloseTo(SE, 12);
    // Wilson at p 0.59375, n 8 (as in the cases above): [0.28195, 0.84472].
    expect(s.low).toBeCloseTo(0.28195, 4);
    expect(s.high).toBeCloseTo(0.84472, 4);
  });

  it("counts ties and unparsed per judgement, and orders not judged yet", async () => {
    expect(s.ties).toBe(4); // item 3 (1), item 6 (1), item 9 (2)
    expect(s.unparsed).toBe(3); // item 6 (1), item 7 (2)
    expect(s.missing).toBe(1); // item 8
  });

  it("counts position disagreements among items with both orders parsed, and which position won them", async () => {
    expect(s.bothOrdersParsed).toBe(6); // items 1-5 and 9
    expect(s.positionDisagreements).toBe(3); // items 3, 4, 5
    expect(s.positionDisagreementShare).toBe(0.5);
    expect(s.favouredFirst).toBe(1); // item 5: (a) both times
    expect(s.favouredSecond).toBe(1); // item 4: (b) both times
  });

  it("breaks the win rate down by difficulty, task type and topic", async () => {
    expect(Object.keys(s.byDifficulty)).toEqual(["1", "2", "3", "4"]);
    expect(s.byDifficulty["1"]).toMatchObject({ winRate: 0.5, n: 2 });
    expect(s.byDifficulty["2"]).toMatchObject({ winRate: 0.625, n: 2 });
    expect(s.byDifficulty["3"]).toMatchObject({ winRate: 0.5, n: 2 }); // the all-unparsed item is not counted
    expect(s.byDifficulty["4"]).toMatchObject({ winRate: 1, n: 1, standardError: null });
    expect(s.byTaskType).toEqual({ Chat: winRate([0.75, 0.5]) });
    expect(s.byTopic).toEqual({ Renal: winRate([0.5, 0.5]) });
  });

  it("keeps a group whose items are all unparsed, with no rate", async () => {
    const groups = groupWinRates(
      [item({ reference_first: null, reference_last: null }, { difficulty: 5 })],
      (i) => String(i.difficulty),
    );
    expect(groups).toEqual({ "5": { winRate: null, standardError: null, low: null, high: null, n: 0 } });
  });

  it("sorts group keys as numbers", async () => {
    const items = [10, 9, 2].map((d) => item({ reference_first: "tie" }, { difficulty: d }));
    expect(Object.keys(groupWinRates(items, (i) => String(i.difficulty)))).toEqual(["2", "9", "10"]);
  });

  it("of nothing is empty, not an error", async () => {
    const empty = summariseEvaluation([]);
    expect(empty).toMatchObject({ n: 0, winRate: null, positionDisagreementShare: null, byDifficulty: {} });
  });
});

describe("the CLI result", () => {
  it("has exactly the contract's keys, in snake_case, with per-item verdicts and scores", async () => {
    const r = evaluationResult(RUN);
    expect(Object.keys(r)).toEqual([
      "win_rate",
      "standard_error",
      "n",
      "ties",
      "unparsed",
      "position_disagreements",
      "by_difficulty",
      "items",
    ]);
    expect(r).toMatchObject({ win_rate: 0.59375, n: 8, ties: 4, unparsed: 3, position_disagreements: 3 });
    expect(r.standard_error).toBeCloseTo(SE, 12);
    expect(r.by_difficulty).toEqual({
      "1": { win_rate: 0.5, n: 2 },
      "2": { win_rate: 0.625, n: 2 },
      "3": { win_rate: 0.5, n: 2 },
      "4": { win_rate: 1, n: 1 },
    });
    expect(r.items).toHaveLength(9);
    expect(r.items[0]).toEqual({
      id: 10,
      instruction: "Q",
      difficulty: 1,
      candidate: "cand",
      reference: "ref",
      verdicts: { reference_first: "candidate", reference_last: "candidate" },
      score: 1,
    });
    expect(Object.keys(r.items[0] ?? {})).toEqual([
      "id",
      "instruction",
      "difficulty",
      "candidate",
      "reference",
      "verdicts",
      "score",
    ]);
    // No id in the file: null. Unparsed and missing orders: null. Both unparsed: score null.
    expect(r.items[2]?.id).toBeNull();
    expect(r.items[6]).toMatchObject({
      verdicts: { reference_first: null, reference_last: null },
      score: null,
    });
    expect(r.items[7]).toMatchObject({
      verdicts: { reference_first: "candidate", reference_last: null },
      score: 1,
    });
    // It survives JSON as it is (no undefined, no Map).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
