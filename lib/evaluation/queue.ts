import "server-only";
import { db } from "@/lib/db";
import { EVALUATION_QUEUE } from "@/lib/queue/boss";
import { askToDrive, type DrivenWorker, staleWhere, startDrivenWorker } from "@/lib/queue/driven-worker";
import { driveEvalRun } from "./engine";

// Evaluation runs on the Postgres queue, like generation jobs (lib/queue/driven-worker.ts): a message says
// "drive run X". A run driven again resumes from the call cache (finished calls are not made again; a dead
// worker's leases run out and are taken over).

export async function enqueueEvalRun(runId: string): Promise<void> {
  await askToDrive(EVALUATION_QUEUE, { runId }, "evaluation run");
}

export function startEvaluationWorker(
  opts: { runs?: number; log?: (line: string) => void } = {},
): Promise<DrivenWorker> {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  return startDrivenWorker({
    queue: EVALUATION_QUEUE,
    key: "runId",
    noun: "evaluation run",
    concurrency: opts.runs ?? 2,
    staleMs: Number(process.env.MEDSEED_EVAL_STALE_MS ?? 30_000),
    sweepMs: Number(process.env.MEDSEED_EVAL_SWEEP_MS ?? 10_000),
    findStale: async (stale) =>
      (
        await db.evalRun.findMany({
          where: staleWhere(stale, "updatedAt"),
          select: { id: true },
        })
      ).map((r) => r.id),
    drive: (runId, signal) => driveEvalRun(runId, { signal, log }),
    log,
  });
}
