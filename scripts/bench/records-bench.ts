import pg from "pg";
import type { RecordQuery } from "@/lib/validation/dataset";
import { recordQuerySchema } from "@/lib/validation/dataset";
import { type Fixture, openMillionFixture } from "./million-fixture";
import { loadAverage, ms, pct, peakRss, timeIt, verdict } from "./stats";

// The dataset area over the large fixture (scripts/bench/million-fixture.ts): the record browser for every
// filter, sort and search the page offers, first page and a deep one, each next to the same SQL sent raw
// through node-postgres; the Datasets overview and a job's dataset page.

const RUNS = Number(process.env.BENCH_RECORD_RUNS ?? 20);

function scenarios(fx: Fixture): [string, Record<string, string>][] {
  const job = fx.jobIds[3] as string;
  const all: [string, Record<string, string>][] = [
    ["kept, all jobs", {}],
    ["one job", { job }],
    ["status all", { status: "all" }],
    ["discarded", { status: "discarded" }],
    ["excluded", { status: "excluded" }],
    ["reason", { reason: "duplicate" }],
    ["type", { type: "Summarization" }],
    ["topic", { topic: "Cardiology" }],
    ["view", { view: "Nurse" }],
    ["difficulty", { difficulty: "4" }],
    ["type+topic+difficulty in a job", { job, type: "Open Q&A", topic: "Neurology", difficulty: "2" }],
    ["ROUGE-L range", { rougeMin: "0.5", rougeMax: "0.6" }],
    ["words range", { minWords: "12", maxWords: "12" }],
    ["input words range", { lenOf: "input", minWords: "31", maxWords: "40" }],
    ["search", { q: "sepsis antibiotic" }],
    ["search in a job", { job, q: "insulin" }],
    ["sort ROUGE-L desc", { sort: "rouge", dir: "desc" }],
    ["sort length asc", { sort: "length" }],
    ["sort output length desc", { sort: "length", lenOf: "output", dir: "desc" }],
    ["sort rating desc (all unrated)", { sort: "rating", dir: "desc" }],
    ["sort seq desc in a job", { job, dir: "desc" }],
  ];
  return all;
}

export async function benchRecords(records: number) {
  console.log(`\ndataset area over ${records.toLocaleString("en-US")} generated records in 20 jobs`);
  const fx = await openMillionFixture(records);
  const before = process.env.DATABASE_URL;
  process.env.DATABASE_URL = fx.url;
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  const client = new pg.Client({ connectionString: fx.url });
  await client.connect();
  try {
    const { listRecords, recordPageSql } = await import("@/lib/dataset/records");
    const worst = { ours: 0, raw: 0 };
    console.log(`  record browser, p95 of ${RUNS} runs each (ours | the same SQL raw); target p95 < 150 ms`);
    for (const [name, params] of scenarios(fx)) {
      for (const deep of [false, true]) {
        let q: RecordQuery = recordQuerySchema.parse(params);
        if (deep) {
          // A deep page as a reader reaches it: "Next" from page 200 (reached here by page number, untimed).
          const far = await listRecords({ ...q, page: 200 });
          if (!far.next) continue;
          q = { ...q, page: 201, after: far.next };
        }
        await listRecords(q); // plans, connections
        const ours = await timeIt(RUNS, () => listRecords(q));
        const sql = recordPageSql(q);
        const raw = await timeIt(RUNS, () =>
          Promise.all([
            client.query(sql.rows.text, sql.rows.values),
            client.query(sql.count.text, sql.count.values),
          ]),
        );
        const [o, r] = [pct(ours, 95), pct(raw, 95)];
        worst.ours = Math.max(worst.ours, o);
        worst.raw = Math.max(worst.raw, r);
        console.log(
          `    ${`${name}${deep ? " (page 201)" : ""}`.padEnd(44)} ${ms(o).padStart(10)} | ${ms(r).padStart(10)}  ${verdict(o < 150)}`,
        );
      }
    }
    console.log(
      `  record browser worst p95: ours ${ms(worst.ours)}, raw SQL ${ms(worst.raw)}  ${verdict(worst.ours < 150)}`,
    );

    const { datasetJobs } = await import("@/lib/dataset/overview");
    await datasetJobs();
    const overview = await timeIt(RUNS, () => datasetJobs());
    const jobPage = await timeIt(RUNS, () => datasetJobs({ jobId: fx.jobIds[0] }));
    const rawOverview = await timeIt(RUNS, () =>
      client.query(
        `SELECT id, number, "keptCount" FROM "GenerationJob" WHERE "keptCount" > 0 ORDER BY number DESC LIMIT 100`,
      ),
    );
    console.log(
      `  Datasets overview: p95 ${ms(pct(overview, 95))}; a job's dataset page: p95 ${ms(pct(jobPage, 95))} (baseline: the job list alone raw, ${ms(pct(rawOverview, 95))})  target < 200 ms  ${verdict(Math.max(pct(overview, 95), pct(jobPage, 95)) < 200)}`,
    );

    // A spot check of one job: drawing the sample (sized for a 5% margin) and the estimate page's summary.
    const { startSpotCheck, spotCheckSummary } = await import("@/lib/dataset/spot-checks");
    const jobId = fx.jobIds[1] as string;
    const actor = { id: "fixture-user", roles: ["ADMIN" as const] };
    const made: string[] = [];
    const spot = await timeIt(Math.min(RUNS, 10), async () => {
      const c = await startSpotCheck(jobId, 0.05, actor);
      made.push(c.id);
      await spotCheckSummary(c.id);
    });
    const rawSpot = await timeIt(Math.min(RUNS, 10), () =>
      client.query(
        `SELECT id FROM "GeneratedTask" WHERE "jobId" = $1 AND kept AND NOT excluded AND "responseStatus" = 'DONE' ORDER BY random() LIMIT 400`,
        [jobId],
      ),
    );
    await client.query(`DELETE FROM "SpotCheck" WHERE id = ANY($1)`, [made]); // the fixture stays as built
    console.log(
      `  spot check (sample drawn and stored, estimate read) of a ${(fx.records / 20).toLocaleString("en-US")}-record job: p95 ${ms(pct(spot, 95))} (baseline: 400 random ids in raw SQL, ${ms(pct(rawSpot, 95))})  target < 500 ms  ${verdict(pct(spot, 95) < 500)}`,
    );
  } finally {
    await client.end();
    await disconnectDb();
    if (before === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = before;
    await fx.stop();
  }
}

/**
 * A release of 4 of the fixture's jobs (a fifth of the records) with near-duplicate removal across them,
 * built as the worker builds it; then its JSONL file downloaded. Peak RSS of this process throughout.
 */
export async function benchRelease(records: number) {
  const fx = await openMillionFixture(records);
  const before = process.env.DATABASE_URL;
  process.env.DATABASE_URL = fx.url;
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  const client = new pg.Client({ connectionString: fx.url });
  await client.connect();
  try {
    const { createRelease } = await import("@/lib/dataset/releases/store");
    const { buildRelease } = await import("@/lib/dataset/releases/build");
    const { releaseFileStream } = await import("@/lib/dataset/releases/store");
    const jobIds = fx.jobIds.slice(0, 4);
    const { rows } = await client.query<{ n: number; all: number }>(
      `SELECT count(*) FILTER (WHERE kept AND NOT excluded AND "responseStatus" = 'DONE')::int AS n, count(*)::int AS all
         FROM "GeneratedTask" WHERE "jobId" = ANY($1)`,
      [jobIds],
    );
    const publishable = rows[0]?.n ?? 0;
    const generated = rows[0]?.all ?? 0;
    const actor = { id: "fixture-user", roles: ["ADMIN" as const] };
    const load = loadAverage();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const {
      result: releaseId,
      peakMb,
      startMb,
    } = await peakRss(async () => {
      const r = await createRelease({ name: "bench release", jobIds, threshold: 0.7, license: "" }, actor);
      await buildRelease(r.id);
      return r.id;
    });
    const built = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const loadAfter = loadAverage();
    const state = await client.query<{
      state: string;
      error: string | null;
      recordCount: number | null;
      duplicateCount: number | null;
      crossJob: number | null;
    }>(
      `SELECT state::text, error, "recordCount", "duplicateCount", (stats->>'crossJobDuplicates')::int AS "crossJob"
         FROM "DatasetRelease" WHERE id = $1`,
      [releaseId],
    );
    const t1 = performance.now();
    let bytes = 0;
    const { peakMb: downloadPeak } = await peakRss(async () => {
      const reader = releaseFileStream(releaseId, "jsonl").getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.length;
    });
    const downloaded = performance.now() - t1;
    // Baseline: the same records read raw, in one query (what building cannot be faster than).
    const t2 = performance.now();
    await client.query(
      `SELECT id, instruction, input, output FROM "GeneratedTask" WHERE "jobId" = ANY($1) AND kept AND NOT excluded AND "responseStatus" = 'DONE' ORDER BY "jobId", seq`,
      [jobIds],
    );
    const baseline = performance.now() - t2;
    await client.query(`DELETE FROM "DatasetRelease" WHERE id = $1`, [releaseId]); // the fixture stays as built
    console.log(
      `\nrelease of 4 jobs (${generated.toLocaleString("en-US")} generated records, ${publishable.toLocaleString("en-US")} of them publishable) with near-duplicate removal across them: ${state.rows[0]?.state}${state.rows[0]?.error ? ` (${state.rows[0]?.error})` : ""}, ${state.rows[0]?.recordCount ?? 0} records released, ${state.rows[0]?.duplicateCount ?? 0} near-duplicates left out (${state.rows[0]?.crossJob ?? 0} of another job's)`,
    );
    console.log(
      `  built in ${(built / 1000).toFixed(1)} s, CPU ${((used.user + used.system) / 1e6).toFixed(1)} s in this process (PostgreSQL's not counted), load average ${load} before, ${loadAfter} after (baseline: the records read raw, ${ms(baseline)})  target < 3 min  ${verdict(built < 180_000)}`,
    );
    console.log(
      `  peak RSS ${peakMb.toFixed(0)} MB (${startMb.toFixed(0)} MB before)  target < 2048 MB  ${verdict(peakMb < 2048)}`,
    );
    console.log(
      `  JSONL download: ${(bytes / 1e6).toFixed(1)} MB in ${ms(downloaded)} (${(bytes / 1e6 / (downloaded / 1000)).toFixed(0)} MB/s), peak RSS ${downloadPeak.toFixed(0)} MB`,
    );
  } finally {
    await client.end();
    await disconnectDb();
    if (before === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = before;
    await fx.stop();
  }
}
