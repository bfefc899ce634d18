import { describe, expect, it } from "vitest";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { BestMatchIndex } from "@/lib/rouge/best-match";
import { rougeLF1 } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { DynamicProgrammingDeduper } from "@/tests/support/dedup-texts";
import { mulberry32 } from "@/tests/support/mulberry32";

const VOCAB = (
  "the patient has of and with acute chronic pain chest fever cough diabetes type 2 mg daily blood " +
  "pressure renal failure sepsis given started stopped left right insulin explain list describe"
).split(" ");

/** Texts from a small vocabulary (many near-duplicates and equal scores), some edited copies of earlier ones. */
function corpus(seed: number, count: number, maxLength: number): string[] {
  const random = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (out.length > 0 && random() < 0.3) {
      const words = (out[Math.floor(random() * out.length)] as string).split(" ");
      const at = Math.floor(random() * words.length);
      if (random() < 0.5) words[at] = VOCAB[Math.floor(random() * VOCAB.length)] as string;
      else words.splice(at, 0, "novel");
      out.push(words.join(" "));
      continue;
    }
    const length = Math.floor(random() * maxLength); // 0 tokens now and then
    const vocabSize = 4 + Math.floor(random() * (VOCAB.length - 4));
    const words: string[] = [];
    for (let w = 0; w < length; w++) {
      const word = VOCAB[Math.floor(random() * vocabSize)] as string;
      words.push(random() < 0.1 ? `${word.toUpperCase()},` : word);
    }
    if (random() < 0.05) words.push(`unseen${i}`);
    out.push(words.join(" "));
  }
  return out;
}

describe("IncrementalDeduper", () => {
  it.each([
    [1, 0.7, 12],
    [2, 0.7, 40], // queries over 32 tokens take the multi-word LCS path
    [3, 0.5, 25],
    [4, 0.9, 80],
    [5, 0, 10],
    [6, 1, 20],
  ])(
    "decides and scores exactly as brute force (seed %i, threshold %d, up to %i tokens)",
    (seed, threshold, maxLength) => {
      const texts = corpus(seed, 400, maxLength);
      const ours = new IncrementalDeduper(threshold);
      const brute = new DynamicProgrammingDeduper(threshold);
      for (let i = 0; i < 20; i++) {
        ours.addReference(`seed-${i}`, texts[i] as string);
        brute.addReference(`seed-${i}`, texts[i] as string);
      }
      let discarded = 0;
      for (let i = 20; i < texts.length; i++) {
        const expected = brute.offer(`task-${i}`, texts[i] as string);
        expect(ours.offer(`task-${i}`, texts[i] as string), `task ${i}`).toEqual(expected);
        if (!expected.kept) discarded++;
      }
      if (threshold > 0 && threshold < 1) expect(discarded).toBeGreaterThan(10); // the data does have near-duplicates
      expect(ours.stats).toEqual({ offered: 380, kept: 380 - discarded, discarded, references: 20 });
    },
  );

  it("keeps a task scoring exactly the threshold and discards one a rounding step above it", () => {
    const deduper = new IncrementalDeduper(0.7);
    deduper.addReference("seed", "a b c d e f g h i j");
    // LCS 7 of 10 and 10 tokens: F = 0.7 exactly.
    expect(deduper.offer("at", "a b c d e f g x y z")).toEqual({
      kept: true,
      maxRougeL: 0.7,
      mostSimilar: "seed",
    });

    const other = new IncrementalDeduper(0.7);
    other.addReference("seed", "a b c d e f g");
    // LCS 7 of 7 and 13 tokens: F = 0.7000000000000001 in floating point, as in rouge_score.
    const above = other.offer("above", "a b c d e f g t u v w x y");
    expect(above.maxRougeL).toBe(rougeLF1("a b c d e f g t u v w x y", "a b c d e f g"));
    expect(above.maxRougeL).toBeGreaterThan(0.7);
    expect(above.kept).toBe(false);
  });

  it("of two near-duplicates discards only the later one, and never compares with discarded tasks", () => {
    const deduper = new IncrementalDeduper();
    const first = deduper.offer("1", "Explain the first-line treatment of type 2 diabetes to a patient.");
    expect(first).toEqual({ kept: true, maxRougeL: 0, mostSimilar: null });
    const second = deduper.offer("2", "Explain the first line treatment of type 2 diabetes to a nurse.");
    expect(second.kept).toBe(false);
    expect(second.mostSimilar).toBe("1");
    expect(second.maxRougeL).toBe(
      rougeLF1(
        "Explain the first line treatment of type 2 diabetes to a nurse.",
        "Explain the first-line treatment of type 2 diabetes to a patient.",
      ),
    );
    // Close to the discarded task 2 (0.74) but not to task 1 (0.67): kept, and task 1 is its nearest.
    const text = "first line treatment of type 2 diabetes to a nurse at night shift today";
    expect(rougeLF1(text, "Explain the first line treatment of type 2 diabetes to a nurse.")).toBeGreaterThan(
      0.7,
    );
    const third = deduper.offer("3", text);
    expect(third).toEqual({
      kept: true,
      maxRougeL: rougeLF1(text, "Explain the first-line treatment of type 2 diabetes to a patient."),
      mostSimilar: "1",
    });
    expect(deduper.stats).toMatchObject({ offered: 3, kept: 2, discarded: 1 });
  });

  it("compares with references (seeds) but never discards them, and breaks ties by the earliest added", () => {
    const deduper = new IncrementalDeduper();
    deduper.addReference("s1", "List the side effects of metformin.");
    deduper.addReference("s2", "List the side effects of metformin.");
    expect(deduper.offer("t1", "list the SIDE EFFECTS of metformin!")).toEqual({
      kept: false,
      maxRougeL: 1,
      mostSimilar: "s1",
    });
    expect(deduper.offer("t2", "")).toEqual({ kept: true, maxRougeL: 0, mostSimilar: null });
    expect(deduper.offer("t3", "Describe asthma.")).toEqual({ kept: true, maxRougeL: 0, mostSimilar: null });
    expect(deduper.stats).toEqual({ offered: 3, kept: 2, discarded: 1, references: 2 });
  });

  it("refuses a threshold outside 0..1", () => {
    expect(() => new IncrementalDeduper(1.5)).toThrow(RangeError);
    expect(() => new IncrementalDeduper(Number.NaN)).toThrow(RangeError);
  });
});

describe("BestMatchIndex", () => {
  /** The index's answer for text q equals the best of scoring it against each of the first `stored` texts. */
  function expectExactBest(index: BestMatchIndex, texts: string[], q: number, stored: number) {
    let best = 0;
    let slot = -1;
    for (let i = 0; i < stored; i++) {
      const score = rougeLF1(texts[q] as string, texts[i] as string);
      if (score > best) {
        best = score;
        slot = i;
      }
    }
    expect(index.best(texts[q] as string), `query ${q}`).toEqual(slot < 0 ? null : { slot, score: best });
  }

  it("finds the exact best match across length bands, long documents included", () => {
    const texts = corpus(9, 300, 200);
    const index = new BestMatchIndex();
    for (let i = 0; i < 200; i++) index.add(texts[i] as string);
    for (let q = 200; q < 300; q++) expectExactBest(index, texts, q, 200);
    expect(index.best("Zzz, qqq xyzzy!")).toBeNull();
    expect(index.size).toBe(200);
  });

  it("stays exact once the most frequent tokens are bounded from masks (past 256 and 512 documents)", () => {
    // Long documents from a small vocabulary: every token frequent and repeated, so the masks carry most
    // of the bound, their "at least twice" layer included.
    const texts = corpus(13, 700, 120);
    const index = new BestMatchIndex();
    for (let i = 0; i < 600; i++) index.add(texts[i] as string);
    for (let q = 600; q < 700; q++) expectExactBest(index, texts, q, 600);
  });

  it("scores queries of over a thousand tokens exactly too", () => {
    const texts = corpus(11, 60, 30);
    const index = new BestMatchIndex();
    for (const text of texts) index.add(text);
    const long = corpus(12, 160, 30).join(" ");
    const scores = texts.map((t) => rougeLF1(long, t));
    const best = Math.max(...scores);
    expect(rougeTokens(long).length).toBeGreaterThan(1023); // past the packed per-query state
    expect(index.best(long)).toEqual({ slot: scores.indexOf(best), score: best });
  });
});
