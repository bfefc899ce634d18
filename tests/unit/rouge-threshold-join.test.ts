import { describe, expect, it } from "vitest";
import { rougeLF1 } from "@/lib/rouge/score";
import { type JoinStrategy, RougeThresholdJoin } from "@/lib/rouge/threshold-join";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { mulberry32 } from "@/tests/support/mulberry32";

const VOCAB =
  "the of a and pain fever cough chest acute chronic insulin dose renal stroke explain list".split(" ");

/** Texts with repeated words, lengths from 0 to 80 tokens (past one 32-bit word), edited copies, ties. */
function corpus(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (out.length && random() < 0.5) {
      const words = (out[Math.floor(random() * out.length)] as string).split(" ");
      if (random() < 0.2)
        words.push("!"); // same tokens as its original
      else words[Math.floor(random() * words.length)] = VOCAB[Math.floor(random() * VOCAB.length)] as string;
      out.push(words.join(" "));
      continue;
    }
    const n = random() < 0.2 ? Math.floor(random() * 80) : Math.floor(random() * 12);
    out.push(Array.from({ length: n }, () => VOCAB[Math.floor(random() * VOCAB.length)]).join(" "));
  }
  return out;
}

/** The best earlier text strictly above `floor`, ties to the earliest, by scoring every pair. */
function bruteForce(texts: string[], i: number, floor: number) {
  let best: { doc: number; score: number } | null = null;
  for (let j = 0; j < i; j++) {
    const score = rougeLF1(texts[i] as string, texts[j] as string);
    if (score > (best?.score ?? floor)) best = { doc: j, score };
  }
  return best;
}

/** Texts with a long tail of rare words (w0 ... w4999, the k-th about 1/k as frequent) among common ones. */
function naturalCorpus(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const word = () =>
    random() < 0.3 ? (VOCAB[Math.floor(random() * 4)] as string) : `w${Math.floor(Math.exp(random() * 8.5))}`;
  return Array.from({ length: count }, () =>
    Array.from({ length: 8 + Math.floor(random() * 20) }, word).join(" "),
  );
}

describe("RougeThresholdJoin", () => {
  it.each([
    [0.5, "prefix"],
    [0.7, "prefix"],
    [0.9, "prefix"],
    [0.5, "count"],
    [0.7, "count"],
    [0.9, "count"],
  ] as [number, JoinStrategy][])(
    "answers like scoring every earlier text, threshold %s, %s",
    (threshold, strategy) => {
      const texts = corpus(Math.round(threshold * 10), 700);
      const join = new RougeThresholdJoin(threshold, strategy);
      for (const t of texts) join.push(rougeTokens(t));
      join.seal();
      let found = 0;
      texts.forEach((_, i) => {
        const expected = bruteForce(texts, i, threshold);
        expect(join.best(i), `text ${i}`).toEqual(expected);
        if (expected) found++;
        join.add(i);
      });
      expect(found).toBeGreaterThan(100);
    },
  );

  it("searches a small vocabulary by counting shared words, text with rare words by prefixes, alike", () => {
    for (const [texts, expected] of [
      [corpus(3, 400), "count"],
      [naturalCorpus(4, 400), "prefix"],
    ] as const) {
      const auto = new RougeThresholdJoin(0.7);
      const other = new RougeThresholdJoin(0.7, expected === "count" ? "prefix" : "count");
      for (const join of [auto, other]) {
        for (const t of texts) join.push(rougeTokens(t));
        join.seal();
      }
      expect(auto.searchedBy).toBe(expected);
      texts.forEach((_, i) => {
        expect(auto.best(i), `text ${i}`).toEqual(other.best(i));
        auto.add(i);
        other.add(i);
      });
    }
  });

  it("keeps only matches strictly above a higher floor, and answers nothing for an empty text", () => {
    const texts = ["explain chest pain", "explain chest pain!", "explain acute chest pain", "", "?!"];
    for (const strategy of ["prefix", "count"] as const) {
      const join = new RougeThresholdJoin(0.7, strategy);
      for (const t of texts) join.push(rougeTokens(t));
      join.seal();
      join.add(0);
      expect(join.best(1)).toEqual({ doc: 0, score: 1 });
      expect(join.best(1, 1)).toBeNull(); // nothing beats 1
      join.add(1);
      const score = rougeLF1(texts[2] as string, texts[0] as string);
      expect(join.best(2)).toEqual({ doc: 0, score }); // texts 0 and 1 tie: the earlier wins
      expect(join.best(2, score)).toBeNull();
      expect(join.best(3)).toBeNull();
      expect(join.best(4)).toBeNull();
      expect(() => join.best(2, 0.5)).toThrow(RangeError);
      expect(() => join.push(["late"])).toThrow();
    }
  });
});
