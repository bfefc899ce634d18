import "server-only";
import { db } from "@/lib/db";
import { EVALUATION_QUEUE, queueBoss } from "@/lib/queue/boss";
import { driveEvalRun } from "./engine";

// Evaluation runs on the Postgres queue, like generation jobs: a message says "drive run X"; a worker drives
// it to its end. A worker that dies stops beating the run's heartbeat; another worker's sweep drives the run
// again, and it resumes from the call cache (finished calls are not made again; the dead worker's leases run
// out and are taken over).

const STALE_MS = () => Number(process.env.MEDSEED_EVAL_STALE_MS ?? 30_000);
const SWEEP_MS = () => Number(process.env.MEDSEED_EVAL_SWEEP_MS ?? 10_000);

export async function enqueueEvalRun(runId: string): Promise<void> {
  const b = await queueBoss();
  await b.send(EVALUATION_QUEUE, { runId });
}

export type EvalWorker = { stop(): Promise<void>; driving(): string[] };

export async function startEvaluationWorker(
  opts: { runs?: number; log?: (line: string) => void } = {},
): Promise<EvalWorker> {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const b = await queueBoss();
  const shutdown = new AbortController();
  const driving = new Map<string, Promise<unknown>>();
  const again = new Set<string>();

  const drive = (runId: string): Promise<unknown> => {
    const current = driving.get(runId);
    if (current) {
      // A resume sent while a pausing driver still finishes its calls: drive again once it ends.
      again.add(runId);
      return current.then(() => driving.get(runId));
    }
    log(`driving evaluation run ${runId}`);
    const run = driveEvalRun(runId, { signal: shutdown.signal, log })
      .then((outcome) => log(`evaluation run ${runId}: ${outcome.toLowerCase()}`))
      .catch((error: unknown) => log(`evaluation run ${runId}: ${(error as Error).message}`))
      .finally(() => {
        driving.delete(runId);
        if (again.delete(runId) && !shutdown.signal.aborted) drive(runId);
      });
    driving.set(runId, run);
    return run;
  };

  const workId = await b.work<{ runId: string }>(
    EVALUATION_QUEUE,
    { localConcurrency: opts.runs ?? 2, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => drive(job.data.runId)));
    },
  );

  const sweep = async () => {
    try {
      const stale = new Date(Date.now() - STALE_MS());
      const runs = await db.evalRun.findMany({
        where: {
          OR: [
            { state: "RUNNING", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: stale } }] },
            { state: "QUEUED", updatedAt: { lt: stale } },
          ],
        },
        select: { id: true },
      });
      for (const run of runs) if (!driving.has(run.id)) drive(run.id);
    } catch (error) {
      log(`evaluation sweep failed: ${(error as Error).message}`);
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
      await b.offWork(EVALUATION_QUEUE, { id: workId, wait: false }).catch(() => {});
      await Promise.allSettled([...driving.values()]);
    },
  };
}
