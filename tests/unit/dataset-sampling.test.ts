import { describe, expect, it } from "vitest";
import { sampleSizeFor, stratifiedEstimate, wilsonInterval } from "@/lib/dataset/sampling";

describe("sampleSizeFor", () => {
  it("gives Cochran's 385 for ±5 points of a large population, 97 for ±10", () => {
    expect(sampleSizeFor(0.05, 1_000_000)).toBe(385);
    expect(sampleSizeFor(0.1, 1_000_000)).toBe(97);
  });

  it("corrects for small populations and never asks for more records than there are", () => {
    // n0 = 384.15; 384.15 / (1 + 383.15 / 1000) = 277.7 -> 278
    expect(sampleSizeFor(0.05, 1000)).toBe(278);
    expect(sampleSizeFor(0.05, 20)).toBe(20);
    expect(sampleSizeFor(0.3, 52_000)).toBe(11);
    expect(sampleSizeFor(0.05, 0)).toBe(0);
  });

  it("refuses a margin that is not above 0", () => {
    expect(() => sampleSizeFor(0, 100)).toThrow(RangeError);
  });
});

describe("wilsonInterval", () => {
  it("matches the textbook Wilson score interval", () => {
    // 8 of 10: centre (0.8 + 1.92/10) / 1.384 = 0.7167, half 0.2263 -> [0.490, 0.943]
    const e = wilsonInterval(8, 10);
    expect(e.share).toBe(0.8);
    expect(e.low).toBeCloseTo(0.4902, 3);
    expect(e.high).toBeCloseTo(0.9433, 3);
  });

  it("stays inside [0, 1] at the extremes", () => {
    const none = wilsonInterval(0, 10);
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(0.2775, 3);
    const all = wilsonInterval(10, 10);
    expect(all.high).toBeCloseTo(1, 12);
    expect(all.low).toBeCloseTo(0.7225, 3);
  });

  it("narrows with the finite population correction and collapses when every record is graded", () => {
    const plain = wilsonInterval(15, 20);
    const finite = wilsonInterval(15, 20, 40);
    expect((finite.high ?? 0) - (finite.low ?? 0)).toBeLessThan((plain.high ?? 0) - (plain.low ?? 0));
    const census = wilsonInterval(15, 20, 20);
    expect(census.low).toBeCloseTo(0.75, 12);
    expect(census.high).toBeCloseTo(0.75, 12);
  });

  it("has no estimate before anything is graded", () => {
    expect(wilsonInterval(0, 0)).toEqual({ n: 0, k: 0, share: null, low: null, high: null });
  });
});

describe("stratifiedEstimate", () => {
  it("weights each job by its size, not by how much of it was graded", () => {
    // 95% of a 50,000-record job, 50% of a 100-record job: the pooled counts would say about 87%.
    const e = stratifiedEstimate([
      { population: 50_000, n: 382, k: 363 },
      { population: 100, n: 80, k: 40 },
    ]);
    const w = 50_000 / 50_100;
    expect(e.share).toBeCloseTo(w * (363 / 382) + (1 - w) * 0.5, 12);
    expect(e.share).toBeGreaterThan(0.94);
    expect(e.low).toBeLessThan(e.share as number);
    expect(e.high).toBeGreaterThan(e.share as number);
    expect(e.n).toBe(462);
  });

  it("is the job's own Wilson interval for one job, and leaves out jobs with nothing graded", () => {
    const one = stratifiedEstimate([
      { population: 30, n: 10, k: 7 },
      { population: 500, n: 0, k: 0 },
    ]);
    expect(one).toEqual(wilsonInterval(7, 10, 30));
    expect(stratifiedEstimate([{ population: 10, n: 0, k: 0 }]).share).toBeNull();
  });
});
