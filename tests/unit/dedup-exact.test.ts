import { describe, expect, it } from "vitest";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { adversarialText, DynamicProgrammingDeduper, pick, randomText } from "@/tests/support/dedup-texts";
import { mulberry32 } from "@/tests/support/mulberry32";

// The indexed deduper against the straightforward way (Alpaca's loop as rouge_score computes it: the
// textbook LCS dynamic programme against every reference and kept task, ties to the earliest) on thousands
// of random and adversarial texts. Every decision must match: kept or not, the exact score, the task.

function compare(texts: string[], references: number, threshold: number) {
  const ours = new IncrementalDeduper(threshold);
  const reference = new DynamicProgrammingDeduper(threshold);
  for (let i = 0; i < references; i++) {
    ours.addReference(`s${i}`, texts[i] as string);
    reference.addReference(`s${i}`, texts[i] as string);
  }
  const tally = { kept: 0, discarded: 0, ties: 0 };
  for (let i = references; i < texts.length; i++) {
    const text = texts[i] as string;
    const expected = reference.offer(`t${i}`, text);
    const got = ours.offer(`t${i}`, text);
    // One assertion per text would be slow; compare, and report the first difference in full.
    if (
      got.kept !== expected.kept ||
      got.maxRougeL !== expected.maxRougeL ||
      got.mostSimilar !== expected.mostSimilar
    )
      expect({ i, text, got }).toEqual({ i, text, got: expected });
    tally[expected.kept ? "kept" : "discarded"]++;
  }
  return tally;
}

describe("IncrementalDeduper decides exactly as the dynamic programme", () => {
  it.each([
    [1, 0.7, 1500, 12],
    [2, 0.7, 1000, 45],
    [3, 0.5, 800, 25],
    [4, 0.9, 800, 30],
  ])(
    "random texts (seed %i, threshold %d, %i texts of up to %i words)",
    (seed, threshold, count, maxLength) => {
      const rand = mulberry32(seed);
      const texts = Array.from({ length: count }, () => randomText(rand, maxLength));
      const tally = compare(texts, 25, threshold);
      expect(tally.discarded).toBeGreaterThan(5); // near-duplicates do occur
      expect(tally.kept).toBeGreaterThan(5);
    },
  );

  it.each([
    [11, 0.7],
    [12, 0.3],
    [13, 1],
    [14, 0],
  ])("adversarial texts (seed %i, threshold %d)", (seed, threshold) => {
    const rand = mulberry32(seed);
    const texts: string[] = [];
    for (let i = 0; i < 1000; i++)
      texts.push(rand() < 0.7 ? adversarialText(rand, texts) : randomText(rand, 30));
    compare(texts, 10, threshold);
  });

  // The most frequent tokens (32 of them, re-chosen as the index doubles from 256 texts) are bounded
  // from per-text masks that only know "once" and "twice": here a Zipf vocabulary of 80 words, so that
  // some tokens of each text are masked and some not, the masked ones repeated up to five times, and
  // texts sharing only frequent (masked) tokens with earlier ones.
  it.each([
    [21, 0.7],
    [22, 0.5],
    [23, 0.9],
  ])(
    "texts mixing masked and unmasked tokens, repeats included (seed %i, threshold %d)",
    (seed, threshold) => {
      const rand = mulberry32(seed);
      const vocabulary = Array.from({ length: 80 }, (_, i) => `w${i}`);
      const zipfWord = () => vocabulary[Math.min(79, Math.floor(80 ** rand()) - 1)] as string;
      const texts: string[] = [];
      for (let i = 0; i < 1200; i++) {
        const roll = rand();
        const words = Array.from({ length: 1 + Math.floor(rand() * 35) }, zipfWord);
        if (roll < 0.2) {
          // only the most frequent words, each repeated
          const common = Array.from(
            { length: 2 + Math.floor(rand() * 6) },
            () => `w${Math.floor(rand() * 4)}`,
          );
          texts.push(common.flatMap((w) => Array(1 + Math.floor(rand() * 5)).fill(w)).join(" "));
        } else if (roll < 0.45 && texts.length > 0) {
          // an earlier text with its frequent words repeated or dropped
          const base = (pick(rand, texts) as string).split(" ");
          texts.push(
            base
              .flatMap((w) => (Number(w.slice(1)) < 8 ? Array(Math.floor(rand() * 4)).fill(w) : [w]))
              .join(" "),
          );
        } else texts.push(words.join(" "));
      }
      const tally = compare(texts, 40, threshold);
      expect(tally.discarded).toBeGreaterThan(5);
      expect(tally.kept).toBeGreaterThan(300); // past the re-choosing at 256
    },
  );
});
