// The straightforward deduper and the random and adversarial texts the exact-decision tests of the
// indexed deduper (tests/unit/dedup-exact.test.ts) and of its two-thread batch (dedup-parallel) share.
import type { DedupDecision } from "@/lib/generation/dedup";
import { TokenInterner } from "@/lib/rouge/interner";
import { lcsLengthDP } from "@/lib/rouge/lcs";
import { fFromLcs } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";

/**
 * Alpaca's loop as rouge_score computes it: the textbook LCS dynamic programme against every reference
 * and kept task, ties to the earliest.
 */
export class DynamicProgrammingDeduper {
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

export const WORDS = "the of a and patient pain fever dose mg daily renal acute explain list x y z".split(
  " ",
);
// Separators and look-alikes: punctuation, case, and the Unicode that lowercases into [a-z0-9] or not.
export const NOISE = [
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

export type Rand = () => number;
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** Random text: words from a small vocabulary (so ties and near-duplicates abound), noise between them. */
export function randomText(rand: Rand, maxLength: number): string {
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
export function adversarialText(rand: Rand, earlier: string[]): string {
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
