import "server-only";
import type { PgBoss } from "pg-boss";
import { db } from "@/lib/db";
import { IMPORT_QUEUE, queueBoss } from "@/lib/queue/boss";
import { runImportJob } from "./job-run";

// Import jobs for the background workers: a message carries a job id; the work reads the job as it then is,
// so a message sent twice does no harm (the second finds the job done, or held by the first). A sweep sends
// again what no one is working on (a message lost, a worker gone) and deletes uploads older than a day.

const SWEEP_MS = 30_000;
// A job waiting this long for a worker has lost its message (or every worker is busy: a message more is
// harmless). One whose worker stopped renewing its lease is sent again as soon as the lease runs out.
const WAITING_GRACE_MS = 5 * 60_000;

export async function enqueueImportJob(jobId: string): Promise<void> {
  const b = await queueBoss();
  await b.send(IMPORT_QUEUE, { jobId });
}

export async function sweepImportJobs(log: (line: string) => void): Promise<void> {
  try {
    const now = new Date();
    const stuck = await db.seedImportJob.findMany({
      where: {
        state: { in: ["QUEUED", "ANALYSING", "COMMITTING"] },
        OR: [
          { leaseToken: null, updatedAt: { lt: new Date(now.getTime() - WAITING_GRACE_MS) } },
          { leaseUntil: { lt: now } },
        ],
      },
      select: { id: true },
      take: 20,
    });
    for (const job of stuck) await enqueueImportJob(job.id);
    // Expired uploads go with their chunks; one being worked on waits for its attempt to end.
    await db.seedImportJob.deleteMany({
      where: {
        expiresAt: { lt: now },
        NOT: { state: { in: ["ANALYSING", "COMMITTING"] }, leaseUntil: { gt: now } },
      },
    });
  } catch (error) {
    log(`import sweep failed: ${(error as Error).message}`);
  }
}

export async function workImportQueue(
  b: PgBoss,
  log: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const id = await b.work<{ jobId: string }>(
    IMPORT_QUEUE,
    // One file at a time per process: the work is CPU-bound, and paced to leave the web server answering.
    { localConcurrency: 1, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (jobs) => {
      for (const job of jobs) await runImportJob(job.data.jobId, log);
    },
  );
  void sweepImportJobs(log);
  const timer = setInterval(() => void sweepImportJobs(log), SWEEP_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await b.offWork(IMPORT_QUEUE, { id, wait: false }).catch(() => {});
    },
  };
}
