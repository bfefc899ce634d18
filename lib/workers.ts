import "server-only";
import { enqueueAnalysis, workDatasetQueue } from "@/lib/dataset/queue";
import { workLeakageQueue } from "@/lib/evaluation/leakage-queue";
import { startEvaluationWorker } from "@/lib/evaluation/queue";
import { startGenerationWorker } from "@/lib/generation/queue";
import { queueBoss, stopQueue } from "@/lib/queue/boss";
import { startRatingWorker } from "@/lib/rating/queue";
import { refreshAllSignals, refreshSignals } from "@/lib/rating/signals-store";
import { workImportQueue } from "@/lib/seeds/import/queue";

export { stopQueue };

export type Workers = { stop(): Promise<void>; driving(): string[] };

/**
 * Every background queue this process works: generation jobs, dataset work (analyses, release builds),
 * seed-import analyses, evaluation runs, test set leakage checks and rating jobs.
 * The app starts it in instrumentation.ts (unless MEDSEED_WORKER=off), `npm run worker` on its own. It sits
 * above the domains it wires together, so that no domain imports another's queue.
 */
export async function startWorkers(
  opts: { jobs?: number; log?: (line: string) => void } = {},
): Promise<Workers> {
  const log = opts.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const generation = await startGenerationWorker({
    ...opts,
    log,
    // Every stored response gets its cheap signals (lib/rating/signals-store.ts).
    onResponsesStored: (taskIds) => refreshSignals({ taskIds }),
    // A settled job's analysis is precomputed, so its page only reads it.
    onJobSettled: async (jobId) => {
      await enqueueAnalysis(jobId).catch((error: unknown) => {
        throw new Error(`could not queue its analysis: ${(error as Error).message}`);
      });
    },
  });
  const boss = await queueBoss();
  const dataset = await workDatasetQueue(boss, log);
  const imports = await workImportQueue(boss, log);
  const evaluation = await startEvaluationWorker({ log });
  const leakage = await workLeakageQueue(boss, log);
  const rating = await startRatingWorker({ log });
  // Cheap signals for records written before they existed (or whose text changed): a background backfill.
  const backfill = new AbortController();
  const signalsBackfill = refreshAllSignals({ signal: backfill.signal })
    .then((n) => n && log(`signals computed for ${n} records`))
    .catch((error: unknown) => log(`signals backfill failed: ${(error as Error).message}`));
  return {
    driving: () => [...generation.driving(), ...evaluation.driving(), ...rating.driving()],
    async stop() {
      await evaluation.stop();
      await leakage.stop();
      backfill.abort();
      await signalsBackfill;
      await rating.stop();
      await imports.stop();
      await dataset.stop();
      await generation.stop();
    },
  };
}
