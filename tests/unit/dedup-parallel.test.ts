import os from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { type DedupDecision, IncrementalDeduper } from "@/lib/generation/dedup";
import { dedupAll, defaultThreads, idleCores } from "@/lib/generation/dedup-parallel";
import { adversarialText, DynamicProgrammingDeduper, randomText } from "@/tests/support/dedup-texts";
import { mulberry32 } from "@/tests/support/mulberry32";

// dedupAll on two threads (a worker and this thread searching the tasks of a block, this thread comparing
// each with the tasks kept earlier in its block) against the dynamic programme, task by task in order.

function expectSameAsDynamicProgramme(
  texts: string[],
  references: number,
  threshold: number,
  got: DedupDecision[],
) {
  const dp = new DynamicProgrammingDeduper(threshold);
  for (let i = 0; i < references; i++) dp.addReference(`s${i}`, texts[i] as string);
  let kept = 0;
  let ties = 0;
  for (let i = references; i < texts.length; i++) {
    const expected = dp.offer(`t${i}`, texts[i] as string);
    const decision = got[i - references];
    if (
      decision?.kept !== expected.kept ||
      decision.maxRougeL !== expected.maxRougeL ||
      decision.mostSimilar !== expected.mostSimilar
    )
      expect({ i, text: texts[i], decision }).toEqual({ i, text: texts[i], decision: expected });
    if (expected.kept) kept++;
    if (expected.maxRougeL === threshold) ties++;
  }
  return { kept, discarded: texts.length - references - kept, ties };
}

/**
 * Texts of ten distinct words and edited copies scoring exactly 0.7 against their base (three words of ten
 * replaced: LCS 7 of 10 and 10) and so against each other, kept at the threshold 0.7, so that later copies
 * tie between several earlier kept ones, in the same block or in earlier ones; random texts between them.
 */
function textsWithTies(seed: number, count: number): string[] {
  const rand = mulberry32(seed);
  const texts: string[] = [];
  const bases: string[][] = [];
  while (texts.length < count) {
    const roll = rand();
    if (roll < 0.15 || bases.length === 0) {
      const n = bases.length;
      const base = Array.from({ length: 10 }, (_, k) => `b${n}w${k}`);
      bases.push(base);
      texts.push(base.join(" "));
    } else if (roll < 0.55) {
      const base = [...(bases[Math.floor(rand() * bases.length)] as string[])];
      // A copy of a recent base, most of the time (so that its copies fall in the same block).
      const at = Math.floor(rand() * 8);
      for (let k = at; k < at + 3; k++) base[k] = `x${Math.floor(rand() * 5)}`;
      texts.push(base.join(" "));
    } else texts.push(randomText(rand, 14));
  }
  return texts;
}

const items = (texts: string[], prefix: string, from = 0, to = texts.length) =>
  texts.slice(from, to).map((instruction, i) => ({ id: `${prefix}${from + i}`, instruction }));

describe("dedupAll on two threads decides exactly as the dynamic programme", () => {
  it.each([
    [1, 1],
    [7, 3],
    [64, 17],
  ])("ties at the threshold 0.7, blocks of %i, %i references", async (block, references) => {
    const texts = textsWithTies(block, 2500);
    let searchedByWorker = 0;
    const got = await dedupAll(items(texts, "s", 0, references), items(texts, "t", references), {
      threshold: 0.7,
      threads: 2,
      block,
      awaitWorker: true,
      onDone: (stats) => {
        searchedByWorker = stats.searchedByWorker;
      },
    });
    // The worker took part in every block (awaitWorker leaves it each block's first task, whatever the load).
    expect(searchedByWorker).toBeGreaterThanOrEqual(Math.ceil((texts.length - references) / block));
    const tally = expectSameAsDynamicProgramme(texts, references, 0.7, got);
    expect(tally.ties).toBeGreaterThan(100); // scores of exactly 0.7, kept
    expect(tally.discarded).toBeGreaterThan(50);
  });

  it.each([
    [31, 0.7, 16],
    [32, 0.5, 128],
    [33, 0, 5],
    [34, 1, 50],
  ])("random and adversarial texts (seed %i, threshold %d, blocks of %i)", async (seed, threshold, block) => {
    const rand = mulberry32(seed);
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++)
      texts.push(rand() < 0.5 ? adversarialText(rand, texts) : randomText(rand, 25));
    const got = await dedupAll(items(texts, "s", 0, 10), items(texts, "t", 10), {
      threshold,
      threads: 2,
      block,
    });
    expectSameAsDynamicProgramme(texts, 10, threshold, got);
  });

  it("gives the sequential deduper's decisions whatever the number of threads, ten runs in a row", async () => {
    const texts = textsWithTies(9, 3000);
    const sequential = new IncrementalDeduper(0.7);
    const expected = items(texts, "t").map((t) => sequential.offer(t.id, t.instruction));
    for (let run = 0; run < 10; run++) {
      expect(await dedupAll([], items(texts, "t"), { threads: 2, block: 1 + run * 37 })).toEqual(expected);
    }
    expect(await dedupAll([], items(texts, "t"), { threads: 1 })).toEqual(expected);
    expect(await dedupAll([], [], { threads: 2 })).toEqual([]);
  });
});

describe("the default thread count", () => {
  it("takes a second thread only for a batch worth it and half a core idle", () => {
    const two = os.availableParallelism() >= 2 ? 2 : 1;
    expect(defaultThreads(52_000, 1)).toBe(two);
    expect(defaultThreads(52_000, 0.5)).toBe(two);
    expect(defaultThreads(52_000, 0.49)).toBe(1);
    expect(defaultThreads(100, 2)).toBe(1);
  });

  it("measures the cores idle now: with every core kept busy by spinning threads it reads under half a core", async () => {
    const cores = os.availableParallelism();
    const idle = await idleCores(50);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(cores + 1e-9);
    // One spinning thread per core (they stop themselves after 3 s at the latest); measured once all are running.
    const spin = `const { parentPort } = require("node:worker_threads"); parentPort.postMessage("up");
      const end = Date.now() + 3000; while (Date.now() < end) {}`;
    const workers = Array.from({ length: cores }, () => new Worker(spin, { eval: true }));
    try {
      await Promise.all(workers.map((w) => new Promise((resolve) => w.once("message", resolve))));
      expect(await idleCores(200)).toBeLessThan(0.5);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });
});
