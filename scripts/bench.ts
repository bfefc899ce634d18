// `npm run bench`: speed targets measured against a baseline run in the same process (never in unit tests).
// Uses a throw-away embedded PostgreSQL. Each section prints ours, the baseline and the ratio.
// Last, the web app under load, in a process of its own (its own database and server): scripts/bench/load-bench.ts.
// `npm run bench -- --only import-analysis,import-health` runs only the named parts (PARTS below);
// `npm run bench -- --only load [--load-users 20,50 --load-seconds 20 …]` only the load;
// `npm run bench -- --only records [--records 200000]` the dataset area over a large fixture (default a million);
// `--only analysis-200k` the analysis of a 200,000-record job, `--only release` a release of 4 of the fixture's jobs.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { benchDatasetAnalysis } from "./bench/dataset-bench";
import { benchDedup } from "./bench/dedup-bench";
import { benchEvaluation } from "./bench/evaluation-bench";
import { seedExport } from "./bench/export-bench";
import { benchGeneration } from "./bench/generation-bench";
import { healthDuringImport, importAnalysis } from "./bench/import-bench";
import { benchPhi } from "./bench/phi-bench";
import { benchRecords, benchRelease } from "./bench/records-bench";
import { seedImport, seedListQuery, seedNearDuplicates } from "./bench/seed-benches";
import { startEmbeddedPostgres } from "./lib/embedded-db";

const PARTS = [
  "dedup",
  "phi",
  "near-duplicates",
  "import",
  "import-analysis",
  "import-health",
  "list",
  "export",
  "generation",
  "evaluation",
  "analysis",
  "analysis-200k",
  "records",
  "release",
  "load",
] as const;
// Parts with a database of their own (not the throw-away one below).
const OWN_DATABASE = ["dedup", "phi", "load", "records", "release"];
const DATABASE_PARTS: readonly string[] = PARTS.filter((p) => !OWN_DATABASE.includes(p));
const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1000) {
    console.error(`${name}: a whole number of at least 1000 (got "${process.argv[at + 1]}")`);
    process.exit(2);
  }
  return value;
};
// The dataset fixture's size: a million records by default; `--records 200000` for a quicker look.
const RECORDS = flag("--records", 1_000_000);
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt < 0 ? null : (process.argv[onlyAt + 1] ?? "").split(",").filter(Boolean);
const unknown = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
if (unknown.length || only?.length === 0) {
  console.error(`--only: name parts from ${PARTS.join(", ")} (got "${unknown.join(",")}")`);
  process.exit(2);
}
const part = (name: (typeof PARTS)[number]) => !only || only.includes(name);

/** Runs `script` in a process of its own, as `npm run bench` runs. */
function ownProcess(script: string, args: string[], name: string) {
  // tsx as a loader, not its CLI (see package.json): a signal reaches the bench itself.
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", script, ...args],
    { stdio: "inherit", env: { ...process.env, MEDSEED_BENCH_CHILD: "1" } },
  );
  if (child.status !== 0) {
    console.error(`${name} bench failed (exit ${child.status ?? child.signal})`);
    process.exit(1);
  }
}
const loadBench = () => ownProcess("scripts/bench/load-bench.ts", process.argv.slice(2), "the load");

if (!process.env.MEDSEED_BENCH_CHILD)
  console.log("MedSeed benchmarks (2-core machine; ratios compare against a baseline in this same process)");
// No database for these: before one starts, so nothing else runs beside them.
if (part("dedup")) await benchDedup();
if (part("phi")) benchPhi();

if (!only || only.some((p) => DATABASE_PARTS.includes(p))) {
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
    if (part("near-duplicates")) await seedNearDuplicates(client, authorId);
    if (part("import")) await seedImport(client, authorId); // into a seed set of 10,000 (near-duplicates checked against it)
    if (part("import-analysis")) await importAnalysis(client, authorId); // 10,000 natural-text tasks stored more first
    if (part("import-health")) await healthDuringImport(authorId); // an upload of 50 MB checked by this process
    if (part("list")) await seedListQuery(client, authorId);
    if (part("export")) await seedExport(client, authorId); // about half of the 100,000 are approved
    if (part("generation")) await benchGeneration(authorId); // a job driven in this process against the fake OpenAI-compatible server
    if (part("evaluation")) await benchEvaluation(authorId); // 216 items judged in both orders against the fake server
    if (part("analysis")) await benchDatasetAnalysis(client, authorId); // a 52,000-record job's analysis page
    if (part("analysis-200k")) await benchDatasetAnalysis(client, authorId, 200_000); // the same, 200,000 records
    await client.end();
  } finally {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    await db.stop();
  }
}
if (part("records")) await benchRecords(RECORDS); // the large dataset fixture, built once under .data/bench/
// 4 of its 20 jobs; its peak RSS is a worker's: in a process of its own unless it is the only part.
if (part("release")) {
  if (only?.length === 1) await benchRelease(RECORDS);
  else ownProcess("scripts/bench.ts", ["--only", "release", "--records", String(RECORDS)], "the release");
}
if (part("load")) loadBench();
