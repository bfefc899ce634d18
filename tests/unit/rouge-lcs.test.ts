import { describe, expect, it } from "vitest";
import { lcsLength, lcsLengthDP } from "@/lib/rouge/lcs";
import { mulberry32 } from "@/tests/support/mulberry32";

function randomSequence(random: () => number, length: number, alphabet: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * alphabet);
  return out;
}

describe("lcsLengthDP", () => {
  it("computes textbook cases", () => {
    expect(lcsLengthDP([1, 2, 3, 2, 4, 1, 2], [2, 4, 3, 1, 2, 1])).toBe(4);
    expect(lcsLengthDP([], [1, 2])).toBe(0);
    expect(lcsLengthDP([1, 2, 3], [4, 5, 6])).toBe(0);
    expect(lcsLengthDP([7, 7, 7], [7, 7])).toBe(2);
  });
});

describe("lcsLength", () => {
  it("computes textbook cases", () => {
    expect(lcsLength([1, 2, 3, 2, 4, 1, 2], [2, 4, 3, 1, 2, 1])).toBe(4);
    expect(lcsLength([], [1, 2])).toBe(0);
    expect(lcsLength([1, 2], [])).toBe(0);
    expect(lcsLength([1, 2, 3], [4, 5, 6])).toBe(0);
  });

  it("accepts any numbers as symbols", () => {
    expect(lcsLength([-5, 1e9, 0.5, -5], [0.5, -5, 1e9, -5])).toBe(
      lcsLengthDP([-5, 1e9, 0.5, -5], [0.5, -5, 1e9, -5]),
    );
    expect(lcsLength(Int32Array.of(-1, -2, -3), [-1, -3])).toBe(2);
  });

  it("handles every length around the 32-bit word boundaries", () => {
    const random = mulberry32(7);
    for (const n of [1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 128, 129]) {
      for (const m of [1, 31, 32, 33, 64, 65, 150]) {
        const a = randomSequence(random, n, 3);
        const b = randomSequence(random, m, 3);
        expect(lcsLength(a, b), `n=${n} m=${m}`).toBe(lcsLengthDP(a, b));
        expect(lcsLength(a, a)).toBe(n);
      }
    }
  });

  it("equals the dynamic programme on 2,000 random pairs", () => {
    const random = mulberry32(20240611);
    let crossedTwoWords = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const alphabet = [1, 2, 3, 4, 6, 10, 50][trial % 7] as number;
      const a = randomSequence(random, Math.floor(random() * 151), alphabet);
      const b = randomSequence(random, Math.floor(random() * 151), alphabet);
      if (Math.min(a.length, b.length) > 64) crossedTwoWords++;
      const expected = lcsLengthDP(a, b);
      expect(lcsLength(a, b), `trial ${trial}`).toBe(expected);
      expect(lcsLength(Array.from(b), Array.from(a)), `trial ${trial} swapped`).toBe(expected);
    }
    expect(crossedTwoWords).toBeGreaterThan(100);
  });
});
