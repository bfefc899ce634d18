import "server-only";
import type { PgBoss } from "pg-boss";
import { LEAKAGE_QUEUE } from "@/lib/queue/boss";
import { askToDrive } from "@/lib/queue/driven-worker";
import { leakageChecksAdrift, runLeakageCheck } from "./leakage";

// Leakage checks on the Postgres queue: a message says "check version X"; the check itself finds out whether
// it is still wanted (a message sent twice, or answered by a check already running, does nothing).

const SWEEP_MS = () => Number(process.env.MEDSEED_LEAKAGE_SWEEP_MS ?? 60_000);

/** Queues a check already recorded as asked for; a queue out of reach leaves it to the worker's sweep. */
export async function requestLeakageCheck(versionId: string): Promise<void> {
  await askToDrive(LEAKAGE_QUEUE, { versionId }, "leakage check of version");
}

/**
 * The check of a version just saved, run now (the CLI, which runs no worker). One that fails is left to the
 * workers and its message returned, not thrown: the version is saved, and a command that failed would be run
 * again, making a second, identical version (new item ids: every cached call paid again).
 */
export async function checkLeakageNow(versionId: string): Promise<string | null> {
  try {
    await runLeakageCheck(versionId);
    return null;
  } catch (error) {
    await requestLeakageCheck(versionId);
    return (error as Error).message;
  }
}

export async function workLeakageQueue(
  b: PgBoss,
  log: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const shutdown = new AbortController();
  const id = await b.work<{ versionId: string }>(
    LEAKAGE_QUEUE,
    { localConcurrency: 1, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (jobs) => {
      for (const job of jobs) await runLeakageCheck(job.data.versionId, { signal: shutdown.signal, log });
    },
  );
  // Checks asked for whose message was lost (the queue was out of reach, or its retries ran out).
  const sweep = async () => {
    try {
      for (const versionId of await leakageChecksAdrift(2 * SWEEP_MS()))
        await b.send(LEAKAGE_QUEUE, { versionId });
    } catch (error) {
      log(`leakage sweep failed: ${(error as Error).message}`);
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), SWEEP_MS());
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      // A running check stops at its next page (and is redone later); waiting for it is short.
      shutdown.abort();
      await b.offWork(LEAKAGE_QUEUE, { id, wait: true }).catch(() => {});
    },
  };
}
