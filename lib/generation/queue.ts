import "server-only";
import { db } from "@/lib/db";
import { GENERATION_QUEUE, stopQueue } from "@/lib/queue/boss";
import { askToDrive, type DrivenWorker, staleWhere, startDrivenWorker } from "@/lib/queue/driven-worker";
import { driveJob } from "./engine/driver";

export { stopQueue };

// Generation jobs on the Postgres queue (pg-boss): a message says "drive job X"; a worker drives the job to its
// end (lib/generation/engine/driver.ts), in the app process by default and in `npm run worker` processes for
// scale. The loop, the sweep for jobs nobody drives and the second run for a resume that arrives while a
// pausing driver finishes are lib/queue/driven-worker.ts's.

export const QUEUE = GENERATION_QUEUE;

/** Asks a worker to drive the job (the action that starts or resumes a job only does this; see askToDrive). */
export async function enqueueJob(jobId: string): Promise<void> {
  await askToDrive(QUEUE, { jobId }, "job");
}

export type Worker = DrivenWorker;

export type GenerationWorkerOptions = {
  jobs?: number;
  log?: (line: string) => void;
  /** after a driver ends with the job completed, paused, failed or cancelled (lib/workers.ts queues its analysis) */
  onJobSettled?: (jobId: string) => Promise<void>;
  /** after a driver stores responses (lib/workers.ts computes their cheap signals) */
  onResponsesStored?: (taskIds: string[]) => Promise<unknown>;
};

/** Starts working the queue in this process: drives up to `jobs` jobs at once. lib/workers.ts starts it. */
export function startGenerationWorker(opts: GenerationWorkerOptions = {}): Promise<Worker> {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  return startDrivenWorker({
    queue: QUEUE,
    key: "jobId",
    noun: "job",
    concurrency: opts.jobs ?? 4,
    staleMs: Number(process.env.MEDSEED_GENERATION_STALE_MS ?? 30_000),
    sweepMs: Number(process.env.MEDSEED_GENERATION_SWEEP_MS ?? 10_000),
    findStale: async (stale) =>
      (
        await db.generationJob.findMany({
          where: staleWhere(stale),
          select: { id: true },
        })
      ).map((j) => j.id),
    drive: (jobId, signal) => driveJob(jobId, { signal, log, onResponsesStored: opts.onResponsesStored }),
    onSettled: opts.onJobSettled,
    log,
  });
}
