import { describe, expect, it } from "vitest";
import { RougeIndex, type RougeMatch } from "@/lib/rouge/index-search";
import { lcsLengthDP } from "@/lib/rouge/lcs";
import { fFromLcs } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { mulberry32 } from "@/tests/support/mulberry32";

const VOCAB = (
  "the patient has of and with acute chronic pain chest fever cough diabetes type 2 mg daily blood " +
  "pressure renal failure sepsis given started stopped left right insulin"
).split(" ");

function randomText(random: () => number, length: number, vocabSize = VOCAB.length): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    const word = VOCAB[Math.floor(random() * vocabSize)] as string;
    words.push(random() < 0.1 ? `${word.toUpperCase()},` : word);
  }
  return words.join(" ");
}

/** Scores every document with the dynamic programme; the definition the index must reproduce. */
function bruteForce(docs: Map<string, string>, query: string): RougeMatch[] {
  const q = rougeTokens(query);
  const scored: RougeMatch[] = [];
  for (const [id, text] of docs) {
    const d = rougeTokens(text);
    const ids = new Map<string, number>();
    const encode = (tokens: string[]) =>
      tokens.map((t) => {
        if (!ids.has(t)) ids.set(t, ids.size);
        return ids.get(t) as number;
      });
    scored.push({ id, score: fFromLcs(lcsLengthDP(encode(q), encode(d)), q.length, d.length) });
  }
  return scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

function bruteMaxAbove(ranked: RougeMatch[], threshold: number): RougeMatch | null {
  const best = ranked[0];
  return best !== undefined && best.score > threshold ? best : null;
}

function buildCorpus(seed: number, count: number): Map<string, string> {
  const random = mulberry32(seed);
  const docs = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    // Unpadded ids make code-unit order differ from numeric order ("doc-10" < "doc-9").
    const id = `doc-${Math.floor(random() * 1_000_000)}`;
    const roll = random();
    const text =
      roll < 0.05 && docs.size > 0
        ? ([...docs.values()][Math.floor(random() * docs.size)] as string) // exact duplicates force ties
        : roll < 0.08
          ? ""
          : randomText(random, 1 + Math.floor(random() * 70), roll < 0.5 ? 8 : VOCAB.length);
    docs.set(id, text);
  }
  return docs;
}

function randomQueries(seed: number, docs: Map<string, string>, count: number): string[] {
  const random = mulberry32(seed);
  const texts = [...docs.values()];
  const queries: string[] = ["", "zebra quokka", "!!!"];
  while (queries.length < count) {
    const roll = random();
    if (roll < 0.4) {
      const words = (texts[Math.floor(random() * texts.length)] as string).split(" ");
      queries.push(words.filter(() => random() > 0.2).join(" ") + (random() < 0.3 ? " unseen" : ""));
    } else {
      queries.push(randomText(random, Math.floor(random() * 80), random() < 0.5 ? 6 : VOCAB.length));
    }
  }
  return queries;
}

function indexOf(docs: Map<string, string>): RougeIndex {
  const index = new RougeIndex();
  for (const [id, text] of docs) index.add(id, text);
  return index;
}

function expectSameAsBruteForce(index: RougeIndex, docs: Map<string, string>, queries: string[]): void {
  const random = mulberry32(99);
  const ids = [...docs.keys()];
  for (const query of queries) {
    const all = bruteForce(docs, query);
    for (const k of [1, 3, 10]) {
      expect(index.topK(query, k), `${JSON.stringify(query)} k=${k}`).toEqual(all.slice(0, k));
    }
    const excludeId = ids[Math.floor(random() * ids.length)] as string;
    const others = all.filter((match) => match.id !== excludeId);
    expect(index.topK(query, 5, { excludeId })).toEqual(others.slice(0, 5));
    expect(index.maxAbove(query, 0.2, { excludeId })).toEqual(bruteMaxAbove(others, 0.2));

    const thresholds = [-1, 0, 0.3, 0.5, 0.8, 0.99, random(), all[0]?.score ?? 0, all[3]?.score ?? 0];
    for (const threshold of thresholds) {
      expect(index.maxAbove(query, threshold), `${JSON.stringify(query)} t=${threshold}`).toEqual(
        bruteMaxAbove(all, threshold),
      );
    }
  }
}

describe("RougeIndex", () => {
  it("answers like a brute-force scan over 1,000 documents", () => {
    const docs = buildCorpus(1, 1000);
    const index = indexOf(docs);
    expect(index.size).toBe(docs.size);
    const queries = randomQueries(2, docs, 100);
    expectSameAsBruteForce(index, docs, queries);
  });

  it("still answers like a brute-force scan after removals and replacements", () => {
    const docs = buildCorpus(3, 1000);
    const index = indexOf(docs);
    const random = mulberry32(4);
    for (const id of [...docs.keys()]) {
      if (random() < 0.3) {
        index.remove(id);
        docs.delete(id);
      } else if (random() < 0.1) {
        const text = randomText(random, 1 + Math.floor(random() * 40), 8);
        index.add(id, text);
        docs.set(id, text);
      }
    }
    for (let i = 0; i < 100; i++) {
      const id = `new-${i}`;
      const text = randomText(random, 1 + Math.floor(random() * 50), 8);
      index.add(id, text);
      docs.set(id, text);
    }
    expect(index.size).toBe(docs.size);
    expectSameAsBruteForce(index, docs, randomQueries(5, docs, 60));
  });

  it("removes documents from results", () => {
    const index = new RougeIndex();
    index.add("a", "acute chest pain radiating to the left arm");
    index.add("b", "chronic cough with fever");
    expect(index.topK("acute chest pain", 1)[0]?.id).toBe("a");
    index.remove("a");
    index.remove("missing");
    expect(index.has("a")).toBe(false);
    expect(index.size).toBe(1);
    expect(index.topK("acute chest pain", 3)).toEqual([{ id: "b", score: 0 }]);
    expect(index.maxAbove("acute chest pain", 0)).toBeNull();
  });

  it("skips the excluded id", () => {
    const index = new RougeIndex();
    index.add("self", "sepsis with renal failure");
    index.add("other", "sepsis and renal failure");
    expect(index.topK("sepsis with renal failure", 1)).toEqual([{ id: "self", score: 1 }]);
    expect(index.topK("sepsis with renal failure", 1, { excludeId: "self" })[0]?.id).toBe("other");
    expect(index.maxAbove("sepsis with renal failure", 0.5, { excludeId: "self" })?.id).toBe("other");
  });

  it("breaks ties by id in code-unit order", () => {
    const index = new RougeIndex();
    for (const id of ["doc-9", "doc-10", "Doc-2", "doc-1"]) index.add(id, "insulin started daily");
    expect(index.topK("insulin started daily", 3).map((m) => m.id)).toEqual(["Doc-2", "doc-1", "doc-10"]);
    expect(index.maxAbove("insulin started", 0.5)?.id).toBe("Doc-2");
  });

  it("fills with zero scores only when too few documents share a token", () => {
    const index = new RougeIndex();
    index.add("z", "fever");
    index.add("y", "cough");
    index.add("x", "diabetes");
    expect(index.topK("fever", 2)).toEqual([
      { id: "z", score: 1 },
      { id: "x", score: 0 },
    ]);
    expect(index.topK("", 5).map((m) => m.id)).toEqual(["x", "y", "z"]);
    expect(index.topK("fever", 0)).toEqual([]);
    expect(index.maxAbove("unknown words", 0)).toBeNull();
    expect(index.maxAbove("unknown words", -1)).toEqual({ id: "x", score: 0 });
  });
});
