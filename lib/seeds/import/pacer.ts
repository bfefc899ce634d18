// Long CPU work in the web server's own process (an import of 50 MB is a few seconds of parsing, validating
// and ROUGE-L scoring) must leave the event loop free to answer other requests. The import's loops call
// `pacer.due()` as often as they like (a clock read) and `await pacer.pause()` when it says so: a turn of
// the event loop (setImmediate, after pending I/O) at most every SLICE_MS of work. The pause is also where
// progress is reported, at most every REPORT_MS.

import type { ImportPhase } from "./types";

const SLICE_MS = 10;
const REPORT_MS = 500;

export type Progress = { phase: ImportPhase; done: number; total: number };

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Shared by every pacer of the process: what matters is how long the event loop has gone without a turn,
// whichever piece of work kept it.
let lastTurn = performance.now();

export class Pacer {
  private progress: Progress = { phase: "reading", done: 0, total: 0 };
  private reportedAt = 0;

  /** `report` is awaited at pauses (at most every REPORT_MS); it may throw to stop the work. */
  constructor(private readonly report?: (p: Progress) => Promise<void>) {}

  /** Starts a phase of `total` units (rows, or characters while parsing). */
  async phase(phase: ImportPhase, total: number): Promise<void> {
    this.progress = { phase, done: 0, total };
    await this.send(true);
  }

  due(): boolean {
    return performance.now() - lastTurn > SLICE_MS;
  }

  /** A turn of the event loop; `done` (units of the current phase) is reported when a report is due. */
  async pause(done?: number): Promise<void> {
    if (done !== undefined) this.progress.done = done;
    await turn();
    lastTurn = performance.now();
    await this.send(false);
  }

  private async send(force: boolean): Promise<void> {
    if (!this.report) return;
    const now = performance.now();
    if (!force && now - this.reportedAt < REPORT_MS) return;
    this.reportedAt = now;
    await this.report({ ...this.progress });
  }
}
