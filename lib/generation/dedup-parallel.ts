import os from "node:os";
import { Worker } from "node:worker_threads";
import { BestMatchIndex, QueryMatcher } from "@/lib/rouge/best-match";
import { TokenInterner } from "@/lib/rouge/interner";
import { fFromLcs } from "@/lib/rouge/score";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { DEFAULT_DEDUP_THRESHOLD, type DedupDecision, IncrementalDeduper } from "./dedup";
import {
  BY_WORKER,
  blockRange,
  CONTROL_SLOTS,
  DONE,
  FAILED,
  GENERATION,
  NEXT,
  take,
  type WorkerInput,
} from "./dedup-shared";

export type DedupItem = { id: string; instruction: string };

/** Tasks searched together, each against the index as it stood before the block (see dedupAll). */
const BLOCK = 128;
/** Below this many tasks a second thread costs more to start than it saves. */
const PARALLEL_FROM = 4 * BLOCK;
const EMPTY = new Int32Array(0);

/**
 * How many cores sat idle over the last `ms` milliseconds (0 to the core count), from the kernel's per-core
 * times (os.cpus()): what is free now, where the load average is a minute's memory (a machine that was busy a
 * minute ago reads as busy for a minute more; a run right after a build took one thread where two were free).
 */
export async function idleCores(ms = 60): Promise<number> {
  const sum = () =>
    os.cpus().reduce(
      (acc, c) => {
        const t = c.times;
        acc.idle += t.idle;
        acc.total += t.user + t.nice + t.sys + t.idle + t.irq;
        return acc;
      },
      { idle: 0, total: 0 },
    );
  const a = sum();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = sum();
  const total = b.total - a.total;
  return total > 0 ? ((b.idle - a.idle) / total) * os.availableParallelism() : 0;
}

/**
 * Two threads when the machine has a core to spare: the second thread costs CPU of its own (its copy of the
 * index, its start), which only pays when it runs beside this one. Measured on the 2-core machine at load 3.5
 * (other processes on both cores): 10.4 to 11.2 s wall for 52,000 tasks on two threads, 8.8 to 9.1 s on one.
 * `idle` is idleCores() taken while this process is at work, so a free second core shows as about 1.
 */
export function defaultThreads(tasks: number, idle: number): 1 | 2 {
  const cores = os.availableParallelism();
  return cores >= 2 && tasks >= PARALLEL_FROM && idle >= 0.5 ? 2 : 1;
}

/**
 * IncrementalDeduper's decisions for a whole batch (offer() on each task in order, after addReference() on
 * each reference), on two threads when a second core is free (see defaultThreads): the same
 * decisions, scores and most similar tasks.
 *
 * The tasks go in blocks. Both threads hold the same index (the references and the tasks kept so far) and
 * take the tasks of a block one by one, each searching its best match in that index. The main thread then
 * goes through the block in order and scores each task against the tasks kept earlier in the same block
 * (bit-parallel LCS, at most a block's worth): the better of the two matches is the one offer() finds, a
 * tie going to the index's, added earlier. Both threads then add the block's kept tasks to their indexes
 * while the next block starts; each takes tasks only once it has (a block is taken by compare-and-swap, so
 * a busy core just leaves the other one more of it).
 */
export async function dedupAll(
  references: DedupItem[],
  tasks: DedupItem[],
  options: {
    threshold?: number;
    threads?: 1 | 2;
    block?: number;
    /**
     * For tests: start only once the second thread is ready, and leave it the first task of every block, so that
     * it searches in each block whatever the machine's load (otherwise a short batch may be done before the
     * worker starts, or a worker kept off the cores may take no task at all).
     */
    awaitWorker?: boolean;
    /** told the threads used and how many of the tasks the second one searched (0 on one thread) */
    onDone?: (stats: { threads: 1 | 2; searchedByWorker: number }) => void;
  } = {},
): Promise<DedupDecision[]> {
  const threshold = options.threshold ?? DEFAULT_DEDUP_THRESHOLD;
  const block = options.block ?? BLOCK;
  const threads =
    options.threads ?? (tasks.length >= PARALLEL_FROM ? defaultThreads(tasks.length, await idleCores()) : 1);
  if (threads === 1) {
    const deduper = new IncrementalDeduper(threshold);
    for (const r of references) deduper.addReference(r.id, r.instruction);
    const decisions = tasks.map((t) => deduper.offer(t.id, t.instruction));
    options.onDone?.({ threads: 1, searchedByWorker: 0 });
    return decisions;
  }
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new RangeError(`The ROUGE-L threshold must be a number from 0 to 1 (got ${threshold}).`);
  }
  if (!(Number.isInteger(block) && block >= 1))
    throw new RangeError(`block must be a positive integer (got ${block}).`);

  const total = tasks.length;
  const input: WorkerInput = {
    references: references.map((r) => r.instruction),
    tasks: tasks.map((t) => t.instruction),
    block,
    control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4)),
    slots: new Int32Array(new SharedArrayBuffer(Math.max(1, total) * 4)),
    scores: new Float64Array(new SharedArrayBuffer(Math.max(1, total) * 8)),
    kept: new Uint8Array(new SharedArrayBuffer(Math.max(1, total))),
  };
  const { control, slots, scores, kept } = input;
  const worker = new Worker(new URL("./dedup-worker.ts", import.meta.url), {
    workerData: input,
    // The worker is TypeScript: load it through tsx as the CLI is (vitest's processes are not).
    execArgv: process.execArgv.some((a) => a.includes("tsx"))
      ? process.execArgv
      : [...process.execArgv, "--import", "tsx"],
  });
  let failure = "";
  const ready = new Promise<void>((resolve) =>
    worker.on("message", (message: { error?: string; ready?: boolean }) => {
      failure = message.error ?? failure;
      if (message.ready || message.error) resolve();
    }),
  );
  worker.on("error", (error) => {
    failure = error.message;
  });
  const stopped = new Promise<void>((resolve) => worker.once("exit", () => resolve()));

  try {
    if (options.awaitWorker) await Promise.race([ready, stopped]);
    const index = new BestMatchIndex();
    /** index slot -> id */
    const ids: string[] = [];
    for (const r of references) {
      index.add(r.instruction);
      ids.push(r.id);
    }
    const tokens = tasks.map((t) => rougeTokens(t.instruction));
    // Token ids of the run's own, for the exact LCS against the tasks kept earlier in a block.
    const interner = new TokenInterner();
    const codes = tokens.map((t) => interner.encode(t));
    const matcher = new QueryMatcher();
    const blockKept = new Int32Array(block);
    const decisions: DedupDecision[] = new Array(total);
    const generations = Math.ceil(total / block);
    let indexed = 0;
    for (let generation = 1; generation <= generations; generation++) {
      const [start, end] = blockRange(generation, block, total);
      Atomics.store(control, NEXT, start);
      Atomics.store(control, GENERATION, generation);
      Atomics.notify(control, GENERATION);
      // The previous block's kept tasks, while the worker adds them to its own index.
      for (; indexed < start; indexed++) {
        if (kept[indexed] === 1) index.addTokens(tokens[indexed] as string[]);
        tokens[indexed] = [];
      }
      if (options.awaitWorker) waitForWorkerToTake(control, start);
      for (let i = take(control, start, end); i >= 0; i = take(control, start, end)) {
        const best = index.bestTokens(tokens[i] as string[]);
        slots[i] = best === null ? -1 : best.slot;
        scores[i] = best === null ? 0 : best.score;
        Atomics.add(control, DONE, 1);
      }
      // Wait for the tasks the worker took (it notifies after each).
      for (let done = Atomics.load(control, DONE); done < end; done = Atomics.load(control, DONE)) {
        if (Atomics.load(control, FAILED) === 1) {
          await stopped;
          throw new Error(`ROUGE-L de-duplication: the second thread failed: ${failure}`);
        }
        Atomics.wait(control, DONE, done);
      }
      // The block in order, against the tasks kept earlier in it.
      let keptInBlock = 0;
      for (let i = start; i < end; i++) {
        const own = codes[i] as Int32Array;
        const m = own.length;
        let maxRougeL = scores[i] as number;
        let mostSimilar = slots[i] === -1 ? null : (ids[slots[i] as number] as string);
        if (keptInBlock > 0 && m > 0) {
          matcher.setPattern(own, interner.size);
          for (let k = 0; k < keptInBlock; k++) {
            const other = blockKept[k] as number;
            const text = codes[other] as Int32Array;
            const n = text.length;
            // Only a strictly higher score wins: on a tie the index's match, or the earlier task, was added first.
            if (fFromLcs(Math.min(m, n), m, n) < maxRougeL) continue;
            const score = fFromLcs(matcher.lcs(text, 0, n), m, n);
            if (score > maxRougeL) {
              maxRougeL = score;
              mostSimilar = tasks[other]?.id as string;
            }
          }
        }
        const isKept = maxRougeL <= threshold;
        decisions[i] = { kept: isKept, maxRougeL, mostSimilar };
        if (isKept) {
          blockKept[keptInBlock++] = i;
          ids.push(tasks[i]?.id as string);
          kept[i] = 1;
        }
      }
      for (let k = 0; k < keptInBlock; k++) codes[blockKept[k] as number] = EMPTY;
    }
    Atomics.store(control, GENERATION, -1);
    Atomics.notify(control, GENERATION);
    await stopped;
    // A worker that could not start leaves the decisions right (this thread took every task) but is a fault.
    if (failure) throw new Error(`ROUGE-L de-duplication: the second thread failed: ${failure}`);
    options.onDone?.({ threads: 2, searchedByWorker: Atomics.load(control, BY_WORKER) });
    return decisions;
  } finally {
    Atomics.store(control, GENERATION, -1);
    Atomics.notify(control, GENERATION);
    await stopped;
  }
}

/**
 * Tests (awaitWorker): until the worker has taken the block's first task, failed, or a minute has gone by (a
 * worker gone without a word; the test then finds it took no part). The worker notifies DONE once it has
 * searched the task it took (and when it fails), not NEXT.
 */
function waitForWorkerToTake(control: Int32Array<SharedArrayBuffer>, start: number): void {
  const until = Date.now() + 60_000;
  while (Atomics.load(control, NEXT) === start && Atomics.load(control, FAILED) !== 1 && Date.now() < until)
    Atomics.wait(control, DONE, Atomics.load(control, DONE), 50);
}
