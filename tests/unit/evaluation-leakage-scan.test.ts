import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ItemLeakage, LEAKAGE_THRESHOLD, LeakageScan } from "@/lib/evaluation/leakage-scan";
import { BestMatchIndex } from "@/lib/rouge/best-match";
import { MaxPerDocument } from "@/lib/rouge/max-per-document";
import { rougeLF1 } from "@/lib/rouge/score";
import { mulberry32 } from "@/tests/support/mulberry32";

// The streamed leakage check against the way the test set page used to compute it on every view (every seed
// and every kept generated task in a BestMatchIndex, each test item queried against it): the same best
// text and the same floating-point score for every item, whatever the page size.

function oldLeakage(
  items: { id: string; instruction: string }[],
  seeds: string[],
  generated: string[],
): ItemLeakage[] {
  const indexOf = (texts: string[]) => {
    const index = new BestMatchIndex();
    for (const t of texts) index.add(t);
    return index;
  };
  const s = indexOf(seeds);
  const g = indexOf(generated);
  return items.map((item) => {
    const bs = s.best(item.instruction);
    const bg = g.best(item.instruction);
    const seed = bs ? { score: bs.score, text: seeds[bs.slot] as string } : null;
    const gen = bg ? { score: bg.score, text: generated[bg.slot] as string } : null;
    return {
      itemId: item.id,
      seed,
      generated: gen,
      flagged: (seed?.score ?? 0) > LEAKAGE_THRESHOLD || (gen?.score ?? 0) > LEAKAGE_THRESHOLD,
    };
  });
}

const VOCAB = (
  "the patient has of and with acute chronic pain chest fever cough diabetes type 2 mg daily blood " +
  "pressure renal failure sepsis given started stopped left right insulin explain list describe what which"
).split(" ");

const MED_SEED = path.resolve(import.meta.dirname, "../../../shared/data/alpacare/med_seed.json");

function fixture() {
  const random = mulberry32(16);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(VOCAB)).join(" ");
  const real: string[] = fs.existsSync(MED_SEED)
    ? (JSON.parse(fs.readFileSync(MED_SEED, "utf8")) as { instruction: string }[]).map((r) => r.instruction)
    : [];
  // Short, one-word-pattern (<= 32 tokens) and multi-word (> 32, > 64) texts, ones with no token at all,
  // exact repeats (ties: the first offered wins) and near-twins of the items.
  const lengths = [1, 3, 8, 12, 20, 31, 32, 33, 40, 70, 130];
  const itemTexts = [
    ...Array.from({ length: 40 }, () => sentence(pick(lengths))),
    ...real.slice(0, 30),
    "?!",
    "",
  ];
  const items = itemTexts.map((instruction, i) => ({ id: `item-${i}`, instruction }));
  const vary = (text: string) =>
    text
      .split(" ")
      .map((w) => (random() < 0.15 ? pick(VOCAB) : w))
      .join(" ");
  const corpus = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.2) out.push(vary(pick(itemTexts)));
      else if (r < 0.3 && out.length) out.push(pick(out));
      else if (r < 0.35) out.push("--- ...");
      else if (r < 0.5 && real.length) out.push(vary(pick(real)));
      else out.push(sentence(pick(lengths)));
    }
    return out;
  };
  return { items, seeds: corpus(300), generated: corpus(2_000) };
}

describe("LeakageScan", () => {
  it("gives every item the best text and score the per-view check gave, whatever the page size", () => {
    const { items, seeds, generated } = fixture();
    const expected = oldLeakage(items, seeds, generated);
    expect(expected.some((l) => l.flagged)).toBe(true);
    expect(expected.some((l) => l.seed === null)).toBe(true);
    for (const page of [1, 7, 500, 10_000]) {
      const scan = new LeakageScan(items);
      for (let i = 0; i < seeds.length; i += page)
        scan.offerSeeds(seeds.slice(i, i + page).map((instruction) => ({ instruction })));
      for (let i = 0; i < generated.length; i += page)
        scan.offerGenerated(generated.slice(i, i + page).map((instruction) => ({ instruction })));
      expect(scan.result()).toEqual(expected);
      expect(scan.counts).toEqual({ seeds: seeds.length, records: generated.length });
    }
  });
});

describe("MaxPerDocument", () => {
  it("keeps each document's exact highest ROUGE-L, the first text offered winning a tie", () => {
    const index = new MaxPerDocument();
    const docs = ["acute chest pain in the left arm", "fever and cough", "insulin daily"];
    for (const d of docs) index.add(d);
    expect(index.offer("chest pain")).toEqual([0]);
    expect(index.scoreOf(0)).toBe(rougeLF1("chest pain", docs[0] as string));
    expect(index.offer("cough and fever")).toEqual([1]);
    // Same score again: not raised (the first one stays), a higher one raises it.
    expect(index.offer("cough and fever")).toEqual([]);
    expect(index.offer("fever and a cough")).toEqual([1]);
    expect(index.scoreOf(1)).toBe(rougeLF1("fever and a cough", "fever and cough"));
    expect(index.offer("nothing shared here")).toEqual([]);
    expect(index.scoreOf(2)).toBe(0);
  });
});
