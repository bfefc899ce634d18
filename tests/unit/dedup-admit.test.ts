import { describe, expect, it } from "vitest";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { BestMatchIndex } from "@/lib/rouge/best-match";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { mulberry32 } from "@/tests/support/mulberry32";

// A release de-duplicates with admit(), which looks only above the threshold: its decisions, and the task a
// discarded one is a near-duplicate of, must be offer()'s, ties and scores exactly at the threshold included.

const WORDS = "the of a and patient pain fever dose mg daily renal acute explain list x y z".split(" ");

/** Short texts from a small vocabulary, a third of them light edits of an earlier one: ties abound. */
function texts(seed: number, count: number, maxLength: number): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (out.length && rand() < 0.35) {
      const words = (out[Math.floor(rand() * out.length)] as string).split(" ");
      const at = Math.floor(rand() * words.length);
      if (rand() < 0.5) words[at] = WORDS[Math.floor(rand() * WORDS.length)] as string;
      else words.splice(at, 1);
      out.push(words.join(" "));
      continue;
    }
    const n = 1 + Math.floor(rand() * maxLength);
    out.push(Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" "));
  }
  // Past 32 tokens (the multi-word LCS) and past the packed overlap count (every document scored).
  out.push(`${out[3]} ${out[4]} ${out[5]} ${out[6]} ${out[7]}`, Array(1100).fill("dose").join(" "));
  return out;
}

describe("IncrementalDeduper.admit decides as offer()", () => {
  it.each([
    [1, 0.7, 12],
    [2, 0.5, 6],
    [3, 0.9, 40],
    [4, 0, 8],
    [5, 1, 8],
  ])("seed %i, threshold %d, texts of up to %i words", (seed, threshold, maxLength) => {
    const all = texts(seed, 1500, maxLength);
    const offered = new IncrementalDeduper(threshold);
    const admitted = new IncrementalDeduper(threshold);
    for (let i = 0; i < 20; i++) {
      offered.addReference(`s${i}`, all[i] as string);
      admitted.addReference(`s${i}`, all[i] as string);
    }
    let atThreshold = 0;
    let discarded = 0;
    for (let i = 20; i < all.length; i++) {
      const expected = offered.offer(`t${i}`, all[i] as string);
      const got = admitted.admit(`t${i}`, all[i] as string);
      if (expected.maxRougeL === threshold && expected.kept) atThreshold++;
      if (!expected.kept) discarded++;
      const want = { kept: expected.kept, mostSimilar: expected.kept ? null : expected.mostSimilar };
      // One assertion per text would be slow: report the first difference in full.
      if (got.kept !== want.kept || got.mostSimilar !== want.mostSimilar)
        expect({ i, text: all[i], got }).toEqual({ i, text: all[i], got: want });
    }
    expect(admitted.stats).toEqual(offered.stats);
    if (threshold > 0 && threshold < 1) expect(discarded).toBeGreaterThan(20);
    if (threshold === 0.5) expect(atThreshold).toBeGreaterThan(0); // kept at exactly the threshold
  });

  it("a document scoring exactly the threshold does not count as above it", () => {
    const index = new BestMatchIndex();
    index.add("a b c d");
    expect(index.bestTokens(rougeTokens("a b x y"), 0.5)).toBeNull(); // F1 = 0.5
    expect(index.bestTokens(rougeTokens("a b c y"), 0.5)).toEqual({ slot: 0, score: 0.75 });
    expect(index.bestTokens(rougeTokens("a b x y"))).toEqual({ slot: 0, score: 0.5 });
  });
});
