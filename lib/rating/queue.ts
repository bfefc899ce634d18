import "server-only";
import { db } from "@/lib/db";
import { queueBoss, RATING_QUEUE } from "@/lib/queue/boss";
import { driveRatingJob } from "./engine";

// "Drive rating job X" on the app's pg-boss queue. A worker drives the job to its end; a job whose heartbeat
// went stale (its worker died) is found by the sweep of any worker and driven again from the database.

const STALE_MS = () => Number(process.env.MEDSEED_RATING_STALE_MS ?? 30_000);
const SWEEP_MS = () => Number(process.env.MEDSEED_RATING_SWEEP_MS ?? 10_000);

export async function enqueueRatingJob(jobId: string): Promise<void> {
  const b = await queueBoss();
  await b.send(RATING_QUEUE, { jobId });
}

export async function startRatingWorker(opts: { log?: (line: string) => void } = {}) {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const b = await queueBoss();
  const shutdown = new AbortController();
  const driving = new Map<string, Promise<unknown>>();
  const drive = (jobId: string) => {
    const current = driving.get(jobId);
    if (current) return current;
    const run = driveRatingJob(jobId, { signal: shutdown.signal, log })
      .then((outcome) => log(`rating job ${jobId}: ${outcome.toLowerCase()}`))
      .catch((error: unknown) => log(`rating job ${jobId}: ${(error as Error).message}`))
      .finally(() => driving.delete(jobId));
    driving.set(jobId, run);
    return run;
  };
  const workId = await b.work<{ jobId: string }>(
    RATING_QUEUE,
    { localConcurrency: 2, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => drive(job.data.jobId)));
    },
  );
  const sweep = async () => {
    try {
      const stale = new Date(Date.now() - STALE_MS());
      const jobs = await db.ratingJob.findMany({
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
      log(`rating sweep failed: ${(error as Error).message}`);
    }
  };
  await sweep();
  const timer = setInterval(sweep, SWEEP_MS());
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      shutdown.abort();
      await b.offWork(RATING_QUEUE, { id: workId, wait: false }).catch(() => {});
      await Promise.allSettled([...driving.values()]);
    },
  };
}
