import "server-only";
import { db } from "@/lib/db";
import { RATING_QUEUE } from "@/lib/queue/boss";
import { askToDrive, type DrivenWorker, staleWhere, startDrivenWorker } from "@/lib/queue/driven-worker";
import { driveRatingJob } from "./engine";

// Rating jobs on the Postgres queue, like generation jobs (lib/queue/driven-worker.ts): a message says "drive
// rating job X"; a job driven again resumes from the database (rated records are cached, not asked again).

export async function enqueueRatingJob(jobId: string): Promise<void> {
  await askToDrive(RATING_QUEUE, { jobId }, "rating job");
}

export function startRatingWorker(opts: { log?: (line: string) => void } = {}): Promise<DrivenWorker> {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  return startDrivenWorker({
    queue: RATING_QUEUE,
    key: "jobId",
    noun: "rating job",
    concurrency: 2,
    staleMs: Number(process.env.MEDSEED_RATING_STALE_MS ?? 30_000),
    sweepMs: Number(process.env.MEDSEED_RATING_SWEEP_MS ?? 10_000),
    findStale: async (stale) =>
      (
        await db.ratingJob.findMany({
          where: staleWhere(stale),
          select: { id: true },
        })
      ).map((j) => j.id),
    drive: (jobId, signal) => driveRatingJob(jobId, { signal, log }),
    log,
  });
}
