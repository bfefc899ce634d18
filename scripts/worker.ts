// `npm run worker`: a generation worker on its own (the app runs one in-process too; add these for scale,
// on this machine or others pointed at the same DATABASE_URL). Ctrl-C gives the job's units back.
import { applyMigrations } from "@/lib/db/migrate";
import { openDatabase } from "./lib/embedded-db";

const log = (line: string) => console.log(`[worker] ${line}`);
const db = await openDatabase({ log });
await applyMigrations(db.url);
process.env.DATABASE_URL = db.url;
const { startWorkers, stopQueue } = await import("@/lib/workers");
const worker = await startWorkers({ log });
log(`ready (database: ${db.describe}); waiting for generation jobs. Ctrl-C to stop.`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping…`);
  await worker.stop();
  await stopQueue();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb().catch(() => {});
  await db.stop();
  log("stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
