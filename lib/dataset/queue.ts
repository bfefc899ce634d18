import "server-only";
import type { PgBoss } from "pg-boss";
import { db } from "@/lib/db";
import { DATASET_QUEUE, queueBoss } from "@/lib/queue/boss";
import { computeAnalysis } from "./analysis-store";
import { buildRelease } from "./releases/build";

// Dataset work done by the background workers: analysing a job (when it ends, and after curation) and
// building a release's files. Messages carry ids only; the work reads the database as it then is, so a
// message sent twice does no harm: an analysis that is current is not redone, a release already built or
// being built is left alone.

type Message = { kind: "analyse"; jobId: string } | { kind: "release"; releaseId: string };

/** Asks for a job's analysis. Requests within a few seconds of each other (a run of edits) make one. */
export async function enqueueAnalysis(jobId: string): Promise<void> {
  const b = await queueBoss();
  await b.send(DATASET_QUEUE, { kind: "analyse", jobId } satisfies Message, {
    singletonKey: `analyse:${jobId}`,
    singletonSeconds: 3,
    singletonNextSlot: true,
  });
}

/**
 * The analysis follows curation: asked for after an edit is saved, and a queue that cannot be reached must
 * not undo that edit (the analysis is redone on the job page's next visit or the next edit).
 */
export async function requestAnalysis(jobId: string): Promise<void> {
  await enqueueAnalysis(jobId).catch((error: unknown) =>
    console.error(`[dataset] could not queue the analysis of job ${jobId}:`, error),
  );
}

export async function enqueueRelease(releaseId: string): Promise<void> {
  const b = await queueBoss();
  await b.send(DATASET_QUEUE, { kind: "release", releaseId } satisfies Message, {
    singletonKey: `release:${releaseId}`,
    singletonSeconds: 30,
  });
}

const SWEEP_MS = 60_000;

/**
 * Releases still PENDING with no live build (their message lost, or its retries spent while attempts
 * remain) are asked for again; the build's lease and attempt count keep this from doing harm.
 */
async function sweepReleases(log: (line: string) => void): Promise<void> {
  try {
    const stuck = await db.datasetRelease.findMany({
      where: {
        state: "PENDING",
        createdAt: { lt: new Date(Date.now() - 2 * SWEEP_MS) },
        OR: [{ buildUntil: null }, { buildUntil: { lt: new Date() } }],
      },
      select: { id: true },
      take: 20,
    });
    for (const r of stuck) await enqueueRelease(r.id);
  } catch (error) {
    log(`release sweep failed: ${(error as Error).message}`);
  }
}

async function runDatasetMessage(message: Message, log: (line: string) => void): Promise<void> {
  if (message.kind === "analyse") {
    const analysis = await computeAnalysis(message.jobId);
    if (analysis)
      log(`analysed job ${message.jobId}: ${analysis.generated.n} records in ${analysis.durationMs} ms`);
    return;
  }
  await buildRelease(message.releaseId, log);
}

export async function workDatasetQueue(
  b: PgBoss,
  log: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const id = await b.work<Message>(
    DATASET_QUEUE,
    { localConcurrency: 1, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (jobs) => {
      for (const job of jobs) await runDatasetMessage(job.data, log);
    },
  );
  const timer = setInterval(() => void sweepReleases(log), SWEEP_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await b.offWork(DATASET_QUEUE, { id, wait: false }).catch(() => {});
    },
  };
}
