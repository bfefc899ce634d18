// The second thread of the two-thread deduper (./dedup-parallel.ts): it holds the same index as the main
// thread (the references, then each block's kept tasks once the main thread has decided them) and searches
// the tasks of the current block it manages to take. Relative imports: it runs outside the app's bundler.
import { parentPort, workerData } from "node:worker_threads";
import { BestMatchIndex } from "../rouge/best-match";
import { rougeTokens } from "../rouge/tokenize";
import { BY_WORKER, blockRange, DONE, FAILED, GENERATION, take, type WorkerInput } from "./dedup-shared";

const { references, tasks, block, control, slots, scores, kept } = workerData as WorkerInput;
const index = new BestMatchIndex();
for (const reference of references) index.add(reference);
parentPort?.postMessage({ ready: true });
const tokens: (string[] | undefined)[] = new Array(tasks.length);
const tokensOf = (i: number) => {
  let t = tokens[i];
  if (t === undefined) {
    t = rougeTokens(tasks[i] as string);
    tokens[i] = t;
  }
  return t;
};

let seen = 0;
let indexed = 0; // tasks before this one have been added to the index when kept
try {
  run();
} catch (error) {
  // The main thread waits on DONE synchronously and sees no events: tell it through the control array.
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  Atomics.store(control, FAILED, 1);
  Atomics.notify(control, DONE);
}

function run(): void {
  for (;;) {
    Atomics.wait(control, GENERATION, seen);
    const generation = Atomics.load(control, GENERATION);
    if (generation < 0) break;
    seen = generation;
    const [start, end] = blockRange(generation, block, tasks.length);
    // The kept tasks of the blocks before (their flags were written before this block was published).
    for (; indexed < start; indexed++) {
      if (kept[indexed] === 1) index.addTokens(tokensOf(indexed));
      tokens[indexed] = undefined;
    }
    for (let i = take(control, start, end); i >= 0; i = take(control, start, end)) {
      const best = index.bestTokens(tokensOf(i));
      slots[i] = best === null ? -1 : best.slot;
      scores[i] = best === null ? 0 : best.score;
      Atomics.add(control, BY_WORKER, 1);
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
  }
}
