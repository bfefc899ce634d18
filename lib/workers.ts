import "server-only";
import { enqueueAnalysis, workDatasetQueue } from "@/lib/dataset/queue";
import { startGenerationWorker } from "@/lib/generation/queue";
import { queueBoss, stopQueue } from "@/lib/queue/boss";

export { stopQueue };

export type Workers = { stop(): Promise<void>; driving(): string[] };

/**
 * Every background queue this process works: generation jobs and dataset work (analyses, release builds).
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
    // A settled job's analysis is precomputed, so its page only reads it.
    onJobSettled: async (jobId) => {
      await enqueueAnalysis(jobId).catch((error: unknown) => {
        throw new Error(`could not queue its analysis: ${(error as Error).message}`);
      });
    },
  });
  const dataset = await workDatasetQueue(await queueBoss(), log);
  return {
    driving: generation.driving,
    async stop() {
      await dataset.stop();
      await generation.stop();
    },
  };
}
