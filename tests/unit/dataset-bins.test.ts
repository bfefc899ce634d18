import { describe, expect, it } from "vitest";
import { chooseBins, niceWidth } from "@/lib/dataset/analysis/bins";
import { analyseSide, histogram } from "@/lib/dataset/analysis/compute";
import type { AnalysisRecord } from "@/lib/dataset/types";

// A seeded generator, so the samples are the same on every run.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const nonEmpty = (counts: number[]) => counts.filter((c) => c > 0).length;

describe("niceWidth", () => {
  it("rounds up to 1, 2, 2.5 or 5 times a power of ten; whole numbers for counts", () => {
    expect(niceWidth(0.037, false)).toBe(0.05);
    expect(niceWidth(0.021, false)).toBe(0.025);
    expect(niceWidth(3.2, false)).toBe(5);
    expect(niceWidth(7, true)).toBe(10);
    expect(niceWidth(2.2, true)).toBe(5); // 2.5 is not a whole number
    expect(niceWidth(0.3, true)).toBe(1);
    expect(niceWidth(120, true)).toBe(200);
  });
});

describe("chooseBins (Freedman-Diaconis)", () => {
  it("spreads short responses over several bars (fixed 25-word bins put them all in one)", () => {
    const next = rng(1);
    const words = Array.from({ length: 500 }, () => 8 + Math.floor(next() * 12)); // 8..19 words
    const h = histogram(words, chooseBins(words, { integer: true }));
    expect(nonEmpty(h.counts)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...h.counts)).toBeLessThan(words.length / 2);
    expect(Number.isInteger(h.width)).toBe(true);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(500);
  });

  it("gathers a long tail in the last bin instead of squeezing the rest into one bar", () => {
    const next = rng(2);
    const words = [
      ...Array.from({ length: 1000 }, () => 50 + Math.floor(next() * 100)),
      ...Array(5).fill(10_000),
    ];
    const b = chooseBins(words, { integer: true });
    expect(b.bins).toBeLessThanOrEqual(40);
    expect(b.max).toBeLessThan(1_000);
    const h = histogram(words, b);
    expect(nonEmpty(h.counts)).toBeGreaterThanOrEqual(8);
    expect(h.counts.at(-1)).toBeGreaterThanOrEqual(5);
  });

  it("keeps scores inside their domain", () => {
    const next = rng(3);
    const scores = Array.from({ length: 2000 }, () => Math.min(1, next() * 0.8 + next() * 0.2));
    const b = chooseBins(scores, { domain: [0, 1] });
    expect(b.min).toBeGreaterThanOrEqual(0);
    expect(b.max).toBeLessThanOrEqual(1);
    expect(b.bins).toBeGreaterThan(5);
    expect(histogram(scores, b).counts.reduce((a, x) => a + x, 0)).toBe(2000);
  });

  it("one bar for one repeated value, and a usable range for no values", () => {
    const same = chooseBins(Array(50).fill(12), { integer: true });
    const h = histogram(Array(50).fill(12), same);
    expect(nonEmpty(h.counts)).toBe(1);
    expect(h.min).toBeLessThanOrEqual(12);
    expect(chooseBins([])).toEqual({ min: 0, max: 1, bins: 1 });
  });
});

describe("length histograms of an analysed side", () => {
  it("follow the data: a job of short responses gets several response bars", () => {
    const next = rng(4);
    const records: AnalysisRecord[] = Array.from({ length: 300 }, () => ({
      instruction: "Explain the diagnosis of asthma in children.",
      input: "<noinput>",
      output: Array.from({ length: 5 + Math.floor(next() * 20) }, () => "word").join(" "),
      taskType: "Open Q&A",
      topic: "Asthma",
      view: "Patient",
      difficulty: 2,
    }));
    const side = analyseSide(records, () => null);
    expect(nonEmpty(side.lengths.output?.counts ?? [])).toBeGreaterThanOrEqual(3);
  });
});
