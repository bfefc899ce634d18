import "server-only";
import { PgBoss } from "pg-boss";

// The one pg-boss instance of this process: a queue in the app's own PostgreSQL, no extra service. Its
// queues: "drive X to its end" for generation jobs, evaluation runs and rating jobs (lib/queue/driven-worker.ts),
// dataset work, i.e. analysing a job and building a release (lib/dataset/queue.ts), and checking or importing an
// uploaded seed file (lib/seeds/import/queue.ts), and checking a test set version for leakage.

export const GENERATION_QUEUE = "generation-job";
export const EVALUATION_QUEUE = "evaluation-run";
export const RATING_QUEUE = "rating-job";
export const DATASET_QUEUE = "dataset-work";
export const IMPORT_QUEUE = "seed-import";
/** "check test set version X for leakage" (lib/evaluation/leakage-queue.ts) */
export const LEAKAGE_QUEUE = "testset-leakage";

/**
 * The driven queues: the driver keeps its message alive while it works; a dead worker's message goes back to
 * the queue, and a failed one is sent again (the driver resumes from the database, so that is always safe).
 */
const DRIVEN_QUEUE = { heartbeatSeconds: 30, expireInSeconds: 60 * 60 * 24, retryLimit: 100, retryDelay: 5 };

type Global = { medseedBoss?: Promise<PgBoss> };
const g = globalThis as unknown as Global;

export async function queueBoss(): Promise<PgBoss> {
  g.medseedBoss ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const b = new PgBoss({ connectionString: url, max: 4 });
    b.on("error", (error: Error) => console.error(`[queue] ${error.message}`));
    await b.start();
    // createQueue leaves an existing queue as it is, so every process may run this at start.
    for (const queue of [GENERATION_QUEUE, EVALUATION_QUEUE, RATING_QUEUE])
      await b.createQueue(queue, DRIVEN_QUEUE);
    await b.createQueue(DATASET_QUEUE, {
      heartbeatSeconds: 30,
      expireInSeconds: 60 * 60,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
    });
    await b.createQueue(IMPORT_QUEUE, {
      heartbeatSeconds: 30,
      expireInSeconds: 60 * 60,
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
    });
    // A leakage check is redone from the start; its lease keeps two workers from running one at once.
    await b.createQueue(LEAKAGE_QUEUE, {
      heartbeatSeconds: 30,
      expireInSeconds: 60 * 60,
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
    });
    return b;
  })().catch((error) => {
    g.medseedBoss = undefined;
    throw error;
  });
  return g.medseedBoss;
}

export async function stopQueue(): Promise<void> {
  const b = g.medseedBoss;
  g.medseedBoss = undefined;
  if (b) await (await b).stop({ graceful: false, close: true }).catch(() => {});
}
