import { describe, expect, it } from "vitest";
import { randomRngSeed, sampleSeedIndexes } from "@/lib/generation/rng";

describe("sampleSeedIndexes", () => {
  it("gives the same picks for the same (rngSeed, requestIndex), call after call", () => {
    const first = sampleSeedIndexes(167, 3, 123_456, 42);
    for (let i = 0; i < 5; i++) expect(sampleSeedIndexes(167, 3, 123_456, 42)).toEqual(first);
  });

  it("does not depend on the requests drawn before it", () => {
    const alone = sampleSeedIndexes(167, 3, 99, 500);
    for (let i = 0; i < 500; i++) sampleSeedIndexes(167, 3, 99, i);
    expect(sampleSeedIndexes(167, 3, 99, 500)).toEqual(alone);
  });

  it("stays the same across versions, so a job started before an upgrade resumes with the same prompts", () => {
    // Pinned output: if this changes, requests of running jobs would be recomputed differently.
    expect(sampleSeedIndexes(167, 3, 42, 0)).toEqual([135, 156, 18]);
    expect(sampleSeedIndexes(167, 3, 42, 1)).toEqual([7, 89, 113]);
  });

  it("draws k distinct indexes in range", () => {
    for (let r = 0; r < 300; r++) {
      const picks = sampleSeedIndexes(20, 5, 7, r);
      expect(picks).toHaveLength(5);
      expect(new Set(picks).size).toBe(5);
      for (const p of picks) expect(p >= 0 && p < 20 && Number.isInteger(p)).toBe(true);
    }
  });

  it("changes with the request index and with the run seed", () => {
    const byIndex = new Set(Array.from({ length: 100 }, (_, r) => sampleSeedIndexes(167, 3, 5, r).join(",")));
    expect(byIndex.size).toBeGreaterThan(95);
    const bySeed = new Set(Array.from({ length: 100 }, (_, s) => sampleSeedIndexes(167, 3, s, 0).join(",")));
    expect(bySeed.size).toBeGreaterThan(95);
  });

  it("returns every index, shuffled, when there are no more seeds than k", () => {
    expect(sampleSeedIndexes(0, 3, 1, 0)).toEqual([]);
    expect(sampleSeedIndexes(1, 3, 1, 0)).toEqual([0]);
    const orders = new Set<string>();
    for (let r = 0; r < 50; r++) {
      const picks = sampleSeedIndexes(3, 3, 1, r);
      expect([...picks].sort()).toEqual([0, 1, 2]);
      orders.add(picks.join(","));
    }
    expect(orders.size).toBe(6);
  });

  it("returns nothing for k = 0", () => {
    expect(sampleSeedIndexes(10, 0, 1, 0)).toEqual([]);
  });

  it("picks every seed about equally often, in every slot", () => {
    const n = 10;
    const draws = 20_000;
    const counts = Array.from({ length: 3 }, () => new Array<number>(n).fill(0));
    for (let r = 0; r < draws; r++) {
      sampleSeedIndexes(n, 3, 2024, r).forEach((pick, slot) => {
        const row = counts[slot] as number[];
        row[pick] = (row[pick] ?? 0) + 1;
      });
    }
    // Chi-square with 9 degrees of freedom per slot: 27.9 is the 0.1% critical value.
    for (const slot of counts) {
      const expected = draws / n;
      const chi2 = slot.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(27.9);
    }
  });

  it("picks unrelated seeds for consecutive requests", () => {
    // Neighbouring request indexes must not share picks more than chance would (3 of 167: ~5% overlap).
    let shared = 0;
    for (let r = 0; r < 2_000; r++) {
      const a = new Set(sampleSeedIndexes(167, 3, 77, r));
      shared += sampleSeedIndexes(167, 3, 77, r + 1).filter((p) => a.has(p)).length;
    }
    expect(shared / 2_000).toBeLessThan(0.1);
  });

  it("works with large seed sets without materialising them", () => {
    const picks = sampleSeedIndexes(50_000_000, 4, 1, 3);
    expect(new Set(picks).size).toBe(4);
    for (const p of picks) expect(p).toBeLessThan(50_000_000);
  });

  it.each([
    [-1, 3, 1, 0],
    [10, -1, 1, 0],
    [10, 3, 1.5, 0],
    [10, 3, 1, -1],
    [Number.NaN, 3, 1, 0],
  ])("refuses invalid arguments (%d, %d, %d, %d)", (n, k, seed, index) => {
    expect(() => sampleSeedIndexes(n, k, seed, index)).toThrow(RangeError);
  });
});

describe("randomRngSeed", () => {
  it("returns 31-bit non-negative integers that vary", () => {
    const seeds = Array.from({ length: 50 }, () => randomRngSeed());
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(45);
  });
});
