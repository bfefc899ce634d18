// The layout both threads of the two-thread deduper (./dedup-parallel.ts, ./dedup-worker.ts) agree on.

/** Int32 slots of the control array. */
export const GENERATION = 0; // block number published by the main thread, from 1; -1 asks the worker to stop
export const NEXT = 1; // the next task of the current block not yet taken (taken by compare-and-swap)
export const DONE = 2; // tasks searched so far, all blocks
export const FAILED = 3; // set by the worker when a search throws (its message goes to the main thread)
export const BY_WORKER = 4; // tasks the worker searched, all blocks
export const CONTROL_SLOTS = 5;

export type WorkerInput = {
  references: string[];
  tasks: string[];
  block: number;
  control: Int32Array<SharedArrayBuffer>;
  /** per task: the slot of its best match among the documents indexed before its block, or -1 */
  slots: Int32Array<SharedArrayBuffer>;
  /** per task: that match's score (0 with slot -1) */
  scores: Float64Array<SharedArrayBuffer>;
  /** per task: 1 once kept, written by the main thread before it publishes the next block */
  kept: Uint8Array<SharedArrayBuffer>;
};

/** The tasks of block `generation` (from 1), [start, end). */
export function blockRange(generation: number, block: number, total: number): [number, number] {
  return [(generation - 1) * block, Math.min(generation * block, total)];
}

/**
 * Takes the next task of the block [start, end) with a compare-and-swap, or returns -1 when none is
 * left. A thread still on an older block sees `next` at or past its end and takes nothing from a newer one.
 */
export function take(control: Int32Array<SharedArrayBuffer>, start: number, end: number): number {
  for (;;) {
    const next = Atomics.load(control, NEXT);
    if (next < start || next >= end) return -1;
    if (Atomics.compareExchange(control, NEXT, next, next + 1) === next) return next;
  }
}
