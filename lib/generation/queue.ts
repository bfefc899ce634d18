import "server-only";
import { db } from "@/lib/db";
import { GENERATION_QUEUE, queueBoss, stopQueue } from "@/lib/queue/boss";
import { driveJob } from "./engine/driver";

export { stopQueue };

// The Postgres queue (pg-boss) that gets jobs driven. A message says "drive job X"; a worker that receives
// it drives the job to its end (lib/generation/engine/driver.ts), in the app process by default and in
// `npm run worker` processes for scale. Several workers may drive one job at once, safely. A worker that dies
// stops beating the job's heartbeat; any other worker's sweep sends the job again and it resumes where the
// database says it is.

export const QUEUE = GENERATION_QUEUE;

const STALE_MS = () => Number(process.env.MEDSEED_GENERATION_STALE_MS ?? 30_000);
const SWEEP_MS = () => Number(process.env.MEDSEED_GENERATION_SWEEP_MS ?? 10_000);

/** Asks a worker to drive the job (the action that starts or resumes a job only does this). */
export async function enqueueJob(jobId: string): Promise<void> {
  const b = await queueBoss();
  await b.send(QUEUE, { jobId });
}

export type Worker = { stop(): Promise<void>; driving(): string[] };

export type GenerationWorkerOptions = {
  jobs?: number;
  log?: (line: string) => void;
  /** after a driver ends with the job completed, paused, failed or cancelled (lib/workers.ts queues its analysis) */
  onJobSettled?: (jobId: string) => Promise<void>;
  /** after a driver stores responses (lib/workers.ts computes their cheap signals) */
  onResponsesStored?: (taskIds: string[]) => Promise<unknown>;
};

/**
 * Starts working the queue in this process: drives up to `jobs` jobs at once and sweeps for jobs nobody is
 * driving (a dead worker's, or one whose message was lost). lib/workers.ts starts it with the other queues.
 */
export async function startGenerationWorker(opts: GenerationWorkerOptions = {}): Promise<Worker> {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const b = await queueBoss();
  const shutdown = new AbortController();
  const driving = new Map<string, Promise<unknown>>();
  // Jobs asked for again while this process drove them: driven once more when the current driver ends.
  const again = new Set<string>();

  const drive = (jobId: string): Promise<unknown> => {
    // One driver per job per process. Another message for the same job (a resume sent while a paused
    // driver still waits for its calls in flight) must not be lost: the job is driven again once the
    // current driver ends (a driver that finds nothing to do returns at once), and the message waits
    // for that second run.
    const current = driving.get(jobId);
    if (current) {
      again.add(jobId);
      return current.then(() => driving.get(jobId));
    }
    log(`driving job ${jobId}`);
    const run = driveJob(jobId, { signal: shutdown.signal, log, onResponsesStored: opts.onResponsesStored })
      .then(async (outcome) => {
        log(`job ${jobId}: ${outcome.toLowerCase()}`);
        if (outcome !== "STOPPED")
          await opts
            .onJobSettled?.(jobId)
            .catch((error: unknown) => log(`job ${jobId}: ${(error as Error).message}`));
      })
      .finally(() => {
        driving.delete(jobId);
        if (again.delete(jobId) && !shutdown.signal.aborted) drive(jobId);
      });
    driving.set(jobId, run);
    return run;
  };

  const workId = await b.work<{ jobId: string }>(
    QUEUE,
    { localConcurrency: opts.jobs ?? 4, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => drive(job.data.jobId)));
    },
  );

  const sweep = async () => {
    try {
      const stale = new Date(Date.now() - STALE_MS());
      const jobs = await db.generationJob.findMany({
        where: {
          OR: [
            { state: "RUNNING", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: stale } }] },
            { state: "QUEUED", createdAt: { lt: stale } },
          ],
        },
        select: { id: true },
      });
      for (const job of jobs) if (!driving.has(job.id)) drive(job.id);
    } catch (error) {
      log(`sweep failed: ${(error as Error).message}`);
    }
  };
  await sweep();
  const timer = setInterval(sweep, SWEEP_MS());
  timer.unref();

  return {
    driving: () => [...driving.keys()],
    async stop() {
      clearInterval(timer);
      shutdown.abort();
      await b.offWork(QUEUE, { id: workId, wait: false }).catch(() => {});
      await Promise.allSettled([...driving.values()]);
    },
  };
}
