import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { dataDir, startEmbeddedPostgres } from "../lib/embedded-db";
import { TOPICS, TYPES, VIEWS } from "./synthetic";

// The large dataset fixture: N generated records (default 1,000,000) across 20 completed jobs, 85% kept and
// answered, the rest discarded with reasons; built once by SQL alone (generate_series, no row leaves the
// server) in a cluster of its own kept under .data/bench/ (git-ignored), and reused by later runs. The
// folder name carries the size and a version: change FIXTURE_VERSION when the rows' shape changes.
// Migrations added since it was built are applied on open.

const FIXTURE_VERSION = 3; // 2: instructions of a Zipf vocabulary (zipfWords); 3: near-copies across jobs
/**
 * Every 25th row of a job after the first (a residue of its own, so that the row copied is an original) is a
 * near-copy of the same row of the job before (the same words and number, another verb: ROUGE-L F1 10/11),
 * as jobs run from the same seeds repeat one another: what a release of several jobs leaves out.
 */
const NEAR_COPY_EVERY = 25;
export const FIXTURE_JOBS = 20;
const FIXTURE_SETTINGS = JSON.stringify({
  taskModel: "bench-task-model",
  responseModel: "bench-response-model",
  seedsPerRequest: 3,
  threshold: 0.7,
});

const WORDS = (
  "patient presents with acute chronic pain fever cough dyspnea chest abdominal headache rash fatigue nausea vomiting " +
  "diabetes hypertension asthma copd sepsis stroke myocardial infarction heart failure kidney liver anemia thyroid " +
  "treatment diagnosis management first line therapy dose side effects contraindications screening prevention risk " +
  "factors prognosis guideline evidence trial elderly child pregnant adult nurse physician student report imaging " +
  "laboratory results blood pressure glucose insulin antibiotic vaccine infection inflammation biopsy tumor cancer " +
  "lymphoma leukemia surgery anesthesia rehabilitation counseling diet exercise smoking alcohol depression anxiety"
).split(" ");
const VERBS = ["Explain", "Describe", "List", "Summarize", "Classify", "Compare", "Interpret", "Outline"];
const REASONS = [
  "duplicate",
  "filter:length",
  "filter:blacklist",
  "truncated",
  "unknown_type",
  "target_reached",
];

export type Fixture = { url: string; jobIds: string[]; records: number; stop: () => Promise<void> };

/** `n` words of the vocabulary picked from row number `i` and salt `k` (a cheap deterministic mix). */
const words = (n: number, k: number) =>
  Array.from(
    { length: n },
    (_, w) =>
      `(${sqlArray(WORDS)})[1 + ((i * ${7919 + w * 31} + ${k * 104729 + w * 613}) % ${WORDS.length})]`,
  ).join(` || ' ' || `);
/**
 * `n` made-up words drawn with Zipf's law (the k-th most common about 1/k as frequent: k log-uniform over
 * a vocabulary of ZIPF_VOCABULARY) from row number `i`, salt `k` and the word's place by PostgreSQL's hash of them: instructions as a
 * job keeps them, near-duplicates of one another only by rare chance. (Version 1 drew the instructions'
 * words from the 90 above with a mix periodic in the row number: every 360th row of a job differed only by
 * its number, so a release's de-duplication left out all but about 1 in 100 records.)
 */
const zipfWords = (n: number, k: number) =>
  Array.from({ length: n }, (_, w) => {
    const u = `(hashint8extended(i, ${k * 1000 + w}) & 2147483647) / 2147483648.0`;
    const rank = `floor(exp(${u} * ln(${ZIPF_VOCABULARY})))::int`;
    const syl = (place: number) =>
      `(${sqlArray(SYLLABLES)})[1 + (${rank} / ${SYLLABLES.length ** place}) % ${SYLLABLES.length}]`;
    return `(${syl(0)} || ${syl(1)} || CASE WHEN ${rank} >= ${SYLLABLES.length ** 2} THEN ${syl(2)} ELSE '' END || CASE WHEN ${rank} >= ${SYLLABLES.length ** 3} THEN ${syl(3)} ELSE '' END)`;
  }).join(` || ' ' || `);
const ZIPF_VOCABULARY = 50_000;
const SYLLABLES = "ca ro mi ne tra so lu pa ve di ko ra te sil mo ban ther gen cor pul hep neu der gas".split(
  " ",
);
function sqlArray(values: readonly string[]) {
  return `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")}]`;
}

export async function openMillionFixture(records: number, log = console.log): Promise<Fixture> {
  const home = path.join(dataDir(), "bench", `records-${records}-v${FIXTURE_VERSION}`);
  const ready = path.join(home, "ready");
  const built = fs.existsSync(ready) && fs.existsSync(path.join(home, "pg", "PG_VERSION"));
  if (!built) fs.rmSync(home, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ fresh: true, keep: path.join(home, "pg") });
  try {
    const migrated = await applyMigrations(db.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // A migration that rewrote the table leaves no statistics and no visibility map: plans and
      // index-only scans would be timed in a state no running server stays in.
      if (built && migrated.applied.length) await client.query("VACUUM ANALYZE");
      // Settings a release's dataset card names (fixtures built before they were written had none).
      await client.query(
        `UPDATE "GenerationJob" SET settings = $1 WHERE "seedSource" = 'bench fixture' AND settings = '{}'::jsonb`,
        [FIXTURE_SETTINGS],
      );
      if (!built) {
        const t0 = performance.now();
        await buildFixture(client, records);
        log(
          `  (fixture of ${records.toLocaleString("en-US")} records built in ${((performance.now() - t0) / 1000).toFixed(0)} s, kept in ${home})`,
        );
        fs.writeFileSync(ready, new Date().toISOString());
      }
      const jobs = await client.query<{ id: string }>(
        `SELECT id FROM "GenerationJob" WHERE "seedSource" = 'bench fixture' ORDER BY number`,
      );
      return { url: db.url, jobIds: jobs.rows.map((r) => r.id), records, stop: db.stop };
    } finally {
      await client.end();
    }
  } catch (e) {
    await db.stop();
    throw e;
  }
}

/** Writes the fixture's jobs and records into the database behind `client` (tests use it small). */
export async function buildFixture(client: pg.Client, records: number) {
  const perJob = Math.ceil(records / FIXTURE_JOBS);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(
    `INSERT INTO "User" (id, email, roles, "updatedAt") VALUES ('fixture-user', 'fixture@bench.local', '{ADMIN}', now())
     ON CONFLICT DO NOTHING`,
  );
  for (const kind of ["TASK", "RESPONSE"])
    await client.query(
      `INSERT INTO "PromptTemplate" (id, kind, version, system, "user")
       SELECT 'fixture-' || $1, $1::"PromptKind", coalesce(max(version), 0) + 1, 'bench', 'bench' FROM "PromptTemplate" WHERE kind = $1::"PromptKind"`,
      [kind],
    );
  const seeds = Array.from({ length: 167 }, (_, i) => ({
    id: `fixture-seed-${i}`,
    topic: TOPICS[i % TOPICS.length],
    view: VIEWS[i % VIEWS.length],
    taskType: TYPES[i % TYPES.length],
    difficulty: 1 + (i % 5),
    instruction: `Seed task ${i}`,
    input: "<noinput>",
  }));
  const kept = Math.round(perJob * 0.85);
  for (let j = 0; j < FIXTURE_JOBS; j++) {
    const job = `fixture-job-${j}`;
    await client.query(
      `INSERT INTO "GenerationJob" (id, state, "seedSource", seeds, settings, target, "rngSeed", "taskPromptId",
         "responsePromptId", "creatorId", "keptCount", "parsedCount", "discardedCount", "responsesDone", "generationDone",
         "createdAt", "finishedAt", "updatedAt")
       VALUES ($1, 'COMPLETED', 'bench fixture', $2, '${FIXTURE_SETTINGS}', $3, $4, 'fixture-TASK', 'fixture-RESPONSE', 'fixture-user',
               $3, $5, $5::int - $3::int, $3, true, now() - ($4::int * interval '1 day'), now(), now())`,
      [job, JSON.stringify(seeds), kept, j, perJob],
    );
    await client.query(
      `INSERT INTO "GenerationRequest" (id, "jobId", index, "seedIds", status, admitted, "maxTokens", completion)
       SELECT $1 || '-r' || i, $1, i, ARRAY['fixture-seed-0','fixture-seed-1','fixture-seed-2'], 'DONE', true, 3000, 'bench'
         FROM generate_series(0, ($2::int - 1) / 12) AS i`,
      [job, perJob],
    );
    // Row i (1..perJob): request (i-1)/12, position (i-1)%12; kept in order while kept < target, a discard
    // every 7th row otherwise interleaved (so discarded rows sit among kept ones, as a real job has them).
    await client.query(
      `INSERT INTO "GeneratedTask" (id, "jobId", "requestId", position, seq, kept, reason, instruction, input, "taskType",
         topic, view, difficulty, raw, "maxRougeL", "responseStatus", output, "createdAt")
       SELECT $1 || '-t' || i, $1, $1 || '-r' || ((i - 1) / 12), (i - 1) % 12,
              CASE WHEN d THEN NULL ELSE i - (i / 7) END, NOT d,
              CASE WHEN d THEN (${sqlArray(REASONS)})[1 + (i % ${REASONS.length})] END,
              (${sqlArray(VERBS)})[1 + (i * 13 + $3::int) % ${VERBS.length}] || ' ' ||
                ${j > 0 ? `CASE WHEN i % ${NEAR_COPY_EVERY} = ${j % NEAR_COPY_EVERY} THEN ${zipfWords(9, j)} ELSE ${zipfWords(9, j + 1)} END` : zipfWords(9, j + 1)} || ' ' || i,
              CASE WHEN i % 3 = 0 THEN '<noinput>' ELSE ${words(30, j + 2)} END,
              (${sqlArray(TYPES)})[1 + (i * 7 + $3) % ${TYPES.length}],
              (${sqlArray(TOPICS)})[1 + (i * 11 + $3) % ${TOPICS.length}],
              (${sqlArray(VIEWS)})[1 + (i * 5 + $3) % ${VIEWS.length}],
              1 + (i * 3 + $3) % 5, 'raw', ((i * 37 + $3) % 1000) / 1000.0,
              CASE WHEN d THEN NULL ELSE 'DONE'::"GenerationUnitStatus" END,
              CASE WHEN d THEN NULL ELSE ${words(60, j + 3)} END,
              now() - ($3::int * interval '1 day')
         FROM generate_series(1, $2::int) AS i, LATERAL (SELECT i % 7 = 0 AS d) AS x`,
      [job, perJob, j],
    );
    await client.query(
      `UPDATE "GenerationJob" SET "keptCount" = k, "responsesDone" = k, "discardedCount" = $2::int - k
         FROM (SELECT count(*)::int AS k FROM "GeneratedTask" WHERE "jobId" = $1 AND kept) c WHERE id = $1`,
      [job, perJob],
    );
  }
  await client.query(`VACUUM ANALYZE`);
}
