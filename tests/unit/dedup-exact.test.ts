import { describe, expect, it } from "vitest";
import { type DedupDecision, IncrementalDeduper } from "@/lib/generation/dedup";
import { TokenInterner } from "@/lib/rouge/interner";
import { lcsLengthDP } from "@/lib/rouge/lcs";
import { fFromLcs } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { mulberry32 } from "@/tests/support/mulberry32";

// The indexed deduper against the straightforward way (Alpaca's loop as rouge_score computes it: the
// textbook LCS dynamic programme against every reference and kept task, ties to the earliest) on thousands
// of random and adversarial texts. Every decision must match: kept or not, the exact score, the task.

class DynamicProgrammingDeduper {
  private readonly interner = new TokenInterner();
  private readonly pool: { id: string; tokens: Int32Array }[] = [];
  constructor(private readonly threshold: number) {}
  addReference(id: string, text: string) {
    this.pool.push({ id, tokens: this.interner.encode(rougeTokens(text)) });
  }
  offer(id: string, text: string): DedupDecision {
    const tokens = this.interner.encode(rougeTokens(text));
    let maxRougeL = 0;
    let mostSimilar: string | null = null;
    for (const p of this.pool) {
      const score = fFromLcs(lcsLengthDP(tokens, p.tokens), tokens.length, p.tokens.length);
      if (score > maxRougeL) {
        maxRougeL = score;
        mostSimilar = p.id;
      }
    }
    const kept = maxRougeL <= this.threshold;
    if (kept) this.pool.push({ id, tokens });
    return { kept, maxRougeL, mostSimilar };
  }
}

const WORDS = "the of a and patient pain fever dose mg daily renal acute explain list x y z".split(" ");
// Separators and look-alikes: punctuation, case, and the Unicode that lowercases into [a-z0-9] or not.
const NOISE = [
  ",",
  ".",
  "!",
  "-",
  "  ",
  "\t",
  "\n",
  "İ",
  "K",
  "é",
  "e\u0301",
  "ß",
  "😀",
  "診断",
  "ǅ",
  "’",
  "_",
];

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** Random text: words from a small vocabulary (so ties and near-duplicates abound), noise between them. */
function randomText(rand: Rand, maxLength: number): string {
  const length = Math.floor(rand() * (maxLength + 1));
  const vocabulary = WORDS.slice(0, 3 + Math.floor(rand() * (WORDS.length - 3)));
  let out = "";
  for (let i = 0; i < length; i++) {
    let word = pick(rand, vocabulary);
    if (rand() < 0.1) word = word.toUpperCase();
    out += word + (rand() < 0.15 ? pick(rand, NOISE) : " ");
  }
  return out;
}

/** Texts built to stress the bounds: edits, shuffles, repeats, long runs, empties, unknown tokens. */
function adversarialText(rand: Rand, earlier: string[]): string {
  const base = earlier.length ? pick(rand, earlier) : randomText(rand, 20);
  const words = base.split(/\s+/).filter(Boolean);
  switch (Math.floor(rand() * 12)) {
    case 0: // same multiset, another order: overlap high, LCS low
      for (let i = words.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [words[i], words[j]] = [words[j] as string, words[i] as string];
      }
      return words.join(" ");
    case 1: // one token many times (saturating counts; all in one mask word or many)
      return Array.from({ length: 1 + Math.floor(rand() * 70) }, () => pick(rand, ["a", "the", "mg"])).join(
        " ",
      );
    case 2: // nothing to compare
      return pick(rand, ["", "   ", "!!! ... ---", "😀 診断 é ß", "\n\t"]);
    case 3: // a prefix or a suffix of an earlier text
      return rand() < 0.5
        ? words.slice(0, Math.max(1, Math.floor(words.length * rand()))).join(" ")
        : words.slice(Math.floor(words.length * rand())).join(" ");
    case 4: // exact copy, maybe re-cased or re-punctuated
      return rand() < 0.5 ? base.toUpperCase() : base.replace(/ /g, ", ");
    case 5: // past 32 tokens: the multi-word LCS path
      return `${base} ${randomText(rand, 40)} ${base}`;
    case 6: // unknown tokens mixed in
      return words.map((w) => (rand() < 0.3 ? `new${Math.floor(rand() * 1e6)}` : w)).join(" ");
    case 7: // doubled words
      return words.flatMap((w) => [w, w]).join(" ");
    default: {
      // one or two edits
      for (let e = 0; e < 1 + Math.floor(rand() * 2); e++) {
        const at = Math.floor(rand() * (words.length + 1));
        const roll = rand();
        if (roll < 0.4 && words.length) words[Math.min(at, words.length - 1)] = pick(rand, WORDS);
        else if (roll < 0.7) words.splice(at, 1);
        else words.splice(at, 0, pick(rand, WORDS));
      }
      return words.join(" ");
    }
  }
}

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
