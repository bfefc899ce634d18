// `npm run bench`: speed targets measured against a baseline run in the same process (never in unit tests).
// Uses a throw-away embedded PostgreSQL. Each section prints ours, the baseline and the ratio.
// Last, the web app under load, in a process of its own (its own database and server): scripts/bench/load-bench.ts.
// `npm run bench -- --only load [--load-users 20,50 --load-seconds 20 …]` runs only that.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { benchDatasetAnalysis } from "./bench/dataset-bench";
import { benchDedup } from "./bench/dedup-bench";
import { seedExport } from "./bench/export-bench";
import { benchGeneration } from "./bench/generation-bench";
import { benchPhi } from "./bench/phi-bench";
import { seedImport, seedListQuery, seedNearDuplicates } from "./bench/seed-benches";
import { startEmbeddedPostgres } from "./lib/embedded-db";

function loadBench() {
  // tsx as a loader, not its CLI (see package.json): a signal reaches the bench itself.
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/bench/load-bench.ts", ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  if (child.status !== 0) {
    console.error(`the load bench failed (exit ${child.status ?? child.signal})`);
    process.exit(1);
  }
}

// `npm run bench -- --only <part>` runs one part alone: phi and dedup need no database, load starts its own.
const ONLY: Record<string, () => void> = { phi: benchPhi, dedup: benchDedup, load: loadBench };
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt === -1 ? undefined : process.argv[onlyAt + 1];
if (only !== undefined && !(only in ONLY)) {
  console.error(`bench: --only takes one of ${Object.keys(ONLY).join(", ")} (got "${only ?? ""}")`);
  process.exit(2);
}

console.log("MedSeed benchmarks (2-core machine; ratios compare against a baseline in this same process)");
if (only !== undefined) {
  ONLY[only]?.();
  process.exit(0);
}
benchDedup(); // no database: before one starts, so nothing else runs beside it
benchPhi();

const db = await startEmbeddedPostgres({ fresh: true });
try {
  await applyMigrations(db.url);
  process.env.DATABASE_URL = db.url;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  client.on("error", () => {}); // the server stops at the end; nothing more to say
  const authorId = randomUUID();
  await client.query(
    `INSERT INTO "User" (id, email, roles, "updatedAt") VALUES ($1, 'bench@medseed.local', '{AUTHOR}', now())`,
    [authorId],
  );
  await seedNearDuplicates(client, authorId);
  await seedImport(client, authorId); // into a seed set of 10,000 (import checks near-duplicates against it)
  await seedListQuery(client, authorId);
  await seedExport(client, authorId); // about half of the 100,000 are approved
  await benchGeneration(authorId); // a job driven in this process against the fake OpenAI-compatible server
  await benchDatasetAnalysis(client, authorId); // a 52,000-record job's analysis page
  await client.end();
} finally {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await db.stop();
}
loadBench();
