import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import type pg from "pg";
import { GET as health } from "@/app/api/health/route";
import { ms, pct } from "./stats";
import { naturalInstructions, prng, TOPICS, TYPES, VIEWS } from "./synthetic";

// The import's analysis (the preview) at scale, and the web server's health while an upload of 50 MB is
// checked in the same process, as the app's own worker does it.

const verdict = (ok: boolean) => (ok ? "PASS" : "MISSED");

/** An AlpaCare-shaped JSON file of `count` rows with natural-text instructions (about 300 bytes a row). */
function importFile(count: number, seed: number): string {
  const rand = prng(seed);
  const instructions = naturalInstructions(count, seed);
  const inputs = naturalInstructions(count, seed + 1);
  const rows = instructions.map((instruction, i) => ({
    topic: TOPICS[i % TOPICS.length],
    view: VIEWS[i % VIEWS.length],
    type: TYPES[i % TYPES.length],
    instruction,
    input: rand() < 0.4 ? "<noinput>" : `Patient ${i}: ${inputs[i]}`,
    difficulty: String(1 + (i % 5)),
  }));
  return JSON.stringify(rows, null, 1);
}

async function storeNaturalSeeds(client: pg.Client, authorId: string, count: number) {
  const texts = naturalInstructions(count, 99);
  await client.query(
    `INSERT INTO "SeedTask" (id, instruction, "authorId", "contentHash", "updatedAt")
     SELECT 'n' || md5(x.i::text || x.instruction), x.instruction, $1, md5('n' || x.i::text), now()
       FROM unnest($2::text[]) WITH ORDINALITY AS x(instruction, i)`,
    [authorId, texts],
  );
}

/** Analyses a file, timing each phase (the pacer reports every phase as it starts). */
async function timedAnalysis(text: string) {
  const { analyseImport } = await import("@/lib/seeds/import/analyse");
  const { Pacer } = await import("@/lib/seeds/import/pacer");
  const marks: [string, number][] = [];
  const pacer = new Pacer(async (p) => {
    if (marks.at(-1)?.[0] !== p.phase) marks.push([p.phase, performance.now()]);
  });
  const t0 = performance.now();
  const { report } = await analyseImport(text, { fileName: "bench.json", status: "DRAFT" }, pacer);
  const end = performance.now();
  const phases = marks.map(([phase, at], i) => `${phase} ${ms((marks[i + 1]?.[1] ?? end) - at)}`);
  return { total: end - t0, report, phases };
}

/** 100,000 rows analysed (target: under 60 s), against JSON.parse of the same file; 25,000 for the scaling. */
export async function importAnalysis(client: pg.Client, authorId: string) {
  await storeNaturalSeeds(client, authorId, 10_000);
  const stored = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "SeedTask"`)).rows[0]?.n;
  const small = importFile(25_000, 3);
  const big = importFile(100_000, 4);
  const t0 = performance.now();
  JSON.parse(big);
  const baseline = performance.now() - t0;
  const quarter = await timedAnalysis(small);
  const ours = await timedAnalysis(big);
  const c = ours.report.counts;
  console.log(
    `\nimport analysis (preview) of 100,000 rows, ${(big.length / 1024 / 1024).toFixed(1)} MB of JSON, against ${stored} stored tasks`,
  );
  console.log(
    `  ours      ${ms(ours.total)}  (${c.valid} valid, ${c.nearDuplicates} near-duplicates, ${c.duplicates} duplicates)`,
  );
  console.log(`            ${ours.phases.join(", ")}`);
  console.log(`  baseline  ${ms(baseline)}  (JSON.parse of the same file)`);
  console.log(
    `  25,000 rows: ${ms(quarter.total)}; 4x the rows took ${(ours.total / quarter.total).toFixed(1)}x`,
  );
  console.log(
    `  ratio (ours / baseline): ${(ours.total / baseline).toFixed(0)}x   target: under 60 s  ${verdict(ours.total < 60_000)}`,
  );
}

// A client in a thread of its own (its timers unaffected by the server's loop): GET /health every 50 ms.
const CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const times = [];
let stop = false;
parentPort.on("message", () => { stop = true; });
(async () => {
  while (!stop) {
    const t = performance.now();
    try { await (await fetch(workerData.url)).text(); } catch { times.push(10000); continue; }
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  parentPort.postMessage(times);
})();`;

async function healthWhile(url: string, work: () => Promise<unknown>): Promise<number[]> {
  const client = new Worker(CLIENT, { eval: true, workerData: { url } });
  const times = new Promise<number[]>((resolve) => client.once("message", resolve));
  try {
    await work();
  } finally {
    client.postMessage("stop");
  }
  const out = await times;
  await client.terminate();
  return out;
}

/** Health p95 while a 50 MB upload is stored and checked by this process's worker (target under 100 ms). */
export async function healthDuringImport(authorId: string) {
  const { queueBoss, stopQueue } = await import("@/lib/queue/boss");
  const { workImportQueue } = await import("@/lib/seeds/import/queue");
  const { startImportJob } = await import("@/lib/seeds/import/jobs");
  const { db } = await import("@/lib/db");
  const server = http.createServer(async (_req, res) => {
    const answer = await health();
    res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
  const worker = await workImportQueue(await queueBoss(), (line) => console.log(`  [worker] ${line}`));
  try {
    // As many rows as fit in the upload limit (BENCH_IMPORT_MB to try a smaller file).
    const limit = Number(process.env.BENCH_IMPORT_MB ?? 50) * 1024 * 1024;
    let rows = Math.round(limit / 340);
    let text = importFile(rows, 5);
    if (text.length > limit) {
      rows = Math.floor((rows * limit) / text.length) - 100;
      text = importFile(rows, 5);
    }
    const bytes = new TextEncoder().encode(text);
    text = "";
    const idle = await healthWhile(url, () => new Promise((r) => setTimeout(r, 5_000)));
    let took = 0;
    let state = "";
    const busy = await healthWhile(url, async () => {
      const t0 = performance.now();
      const job = await startImportJob(
        { id: authorId, roles: ["AUTHOR"] },
        {
          name: "fifty.json",
          status: "DRAFT",
          bytes,
        },
      );
      for (;;) {
        const row = await db.seedImportJob.findUniqueOrThrow({
          where: { id: job.id },
          select: { state: true },
        });
        state = row.state;
        if (state === "READY" || state === "FAILED") break;
        await new Promise((r) => setTimeout(r, 200));
      }
      took = performance.now() - t0;
    });
    const [i95, b50, b95] = [pct(idle, 95), pct(busy, 50), pct(busy, 95)];
    console.log(
      `\nhealth check while a ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB upload (${rows.toLocaleString("en-US")} rows) is stored and checked in the same process`,
    );
    console.log(
      `  ours      p50 ${ms(b50)}  p95 ${ms(b95)}  max ${ms(Math.max(...busy))}  (${busy.length} checks; the check took ${ms(took)}, ended ${state})`,
    );
    console.log(`  baseline  p95 ${ms(i95)}  (idle, ${idle.length} checks)`);
    console.log(
      `  ratio (ours p95 / idle p95): ${(b95 / i95).toFixed(1)}x   target: p95 under 100 ms  ${verdict(b95 < 100)}`,
    );
  } finally {
    await worker.stop();
    await stopQueue();
    server.close();
  }
}
