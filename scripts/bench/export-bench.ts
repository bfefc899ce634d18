import fs from "node:fs";
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { FORMATS } from "@/lib/exports/formats";
import { createExport, exportStream } from "@/lib/exports/store";
import { insertSeeds } from "./seed-benches";
import { ms, peakRss, verdict } from "./stats";

const gc: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
})();

// The columns each format shows, for its COPY baseline: the same rows, in the format's order, as CSV.
const COPY_COLUMNS: Record<"alpaca" | "self-instruct" | "csv" | "jsonl", string> = {
  alpaca: `s.instruction, s.input, s.output`,
  "self-instruct": `s.instruction, s.input, s.output, s."taskType"`,
  csv: `s.instruction, s.input, s.output, s.topic, s.view, s."taskType", s.difficulty, s.note, s."sourceKind", s.citation, s."citationUrl", s.licence, s.adapted`,
  jsonl: `s.id, s.version, s.status, s.topic, s.view, s."taskType", s.difficulty, s.instruction, s.input, s.output, s.note, u.email, s."createdAt", s."updatedAt", s."sourceKind", s.citation, s."citationUrl", s.licence, s.adapted`,
};

async function timedCopy(client: pg.Client, format: keyof typeof COPY_COLUMNS): Promise<number> {
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(
      copyTo(`COPY (SELECT ${COPY_COLUMNS[format]} FROM "SeedTask" s JOIN "User" u ON u.id = s."authorId"
                    WHERE s.status = 'APPROVED' ORDER BY ${FORMATS[format].order.text}) TO STDOUT WITH (FORMAT csv)`),
    );
    stream.on("data", () => {});
    stream.on("end", () => resolve());
    stream.on("error", reject);
  });
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * CPU time so far, in ms, of this process (every thread: gzip runs on the thread pool) plus every process of
 * the client's PostgreSQL cluster (the postmaster's reaped children included), read from /proc; where there is
 * no /proc, this process only (`available` false).
 */
async function cpuMeter(client: pg.Client): Promise<(() => number) & { available: boolean }> {
  const tick = 1000 / 100; // USER_HZ
  const stat = (pid: string) => {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return f.slice(f.lastIndexOf(")") + 2).split(" ");
  };
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let postmaster = "";
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    postmaster = stat(String(rows[0]?.pid))[1] ?? "";
  } catch {
    return Object.assign(own, { available: false });
  }
  const cluster = () => {
    const p = stat(postmaster);
    let sum = Number(p[11]) + Number(p[12]) + Number(p[13]) + Number(p[14]);
    for (const d of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const s = stat(d);
        if (s[1] === postmaster) sum += Number(s[11]) + Number(s[12]);
      } catch {} // gone meanwhile
    }
    return sum * tick;
  };
  return Object.assign(() => own() + cluster(), { available: true });
}

/** Export 50,000 approved seeds as AlpaCare JSON and download it; target: at most twice COPY of the same rows, in flat memory. */
export async function seedExport(client: pg.Client, authorId: string) {
  const count = async () =>
    Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "SeedTask" WHERE status = 'APPROVED'`))
        .rows[0]?.n,
    );
  // The list part's 100,000 seeds (a quarter each draft and submitted, half approved), made here when it did not run.
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "SeedTask"`);
  await insertSeeds(client, authorId, Math.max(0, 100_000 - Number(rows[0]?.n ?? 0)), 2);
  const missing = 50_000 - (await count());
  if (missing > 0) {
    await client.query(
      `UPDATE "SeedTask" SET status = 'APPROVED' WHERE id IN (SELECT id FROM "SeedTask" WHERE status <> 'APPROVED' AND difficulty IS NOT NULL LIMIT $1)`,
      [missing],
    );
  }
  // As an approval does, the PHI screen's mark that this revision was found clear (lib/review/transitions.ts);
  // an export then screens only seeds approved before screening existed or imported as approved. The bench's
  // seeds are inserted as approved, so without this every one would be screened (timed apart below).
  await client.query(`UPDATE "SeedTask" SET "phiClearVersion" = version WHERE status = 'APPROVED'`);
  await client.query(`VACUUM ANALYZE "SeedTask"`);
  const approved = await count();
  if (process.env.BENCH_VERBOSE) {
    const { renderExport } = await import("@/lib/exports/render");
    const t = performance.now();
    await renderExport("alpacare", { difficulty: [] }, "APPROVED", { write: async () => {} });
    console.log(`  (render only, no storage: ${ms(performance.now() - t)})`);
  }
  // Warm-up, as the COPY baseline's connection is: the stream pool's first connection, the ORM's first
  // transaction and the plans, with one small export (one topic, one difficulty).
  await createExport(
    "alpacare",
    { topic: "Cardiology", difficulty: [3] },
    { id: authorId, roles: ["ADMIN"] },
  );
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const watch = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const cpu = await cpuMeter(client);
  const cpu0 = cpu();
  const t0 = performance.now();
  const {
    result: e,
    peakMb,
    startMb,
  } = await peakRss(() => createExport("alpacare", { difficulty: [] }, { id: authorId, roles: ["ADMIN"] }));
  const created = performance.now() - t0;
  const createdCpu = cpu() - cpu0;
  let downloaded = 0;
  const reader = exportStream(e.id).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read())
    downloaded += next.value.length;
  const withDownload = performance.now() - t0;
  clearInterval(watch);
  gc();
  const retained = process.memoryUsage().heapUsed - heap0;
  // Memory while streaming a download: collect garbage every few chunks and keep the largest live heap.
  let livePeak = 0;
  let n = 0;
  const again = exportStream(e.id).getReader();
  for (let next = await again.read(); !next.done; next = await again.read()) {
    if (++n % 8 === 0) {
      gc();
      livePeak = Math.max(livePeak, process.memoryUsage().heapUsed - heap0);
    }
  }

  // Baseline: PostgreSQL writing the same rows, in the same order, as CSV with COPY ... TO STDOUT.
  const copy = async () => {
    let copied = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(
        copyTo(`COPY (SELECT s.topic, s.view, s."taskType", s.instruction, s.input, s.difficulty FROM "SeedTask" s
                    WHERE s.status = 'APPROVED'
                    ORDER BY s."taskType" COLLATE "C", s.topic COLLATE "C", s.view COLLATE "C", s.instruction COLLATE "C", s.input COLLATE "C", s.id COLLATE "C")
              TO STDOUT WITH (FORMAT csv)`),
      );
      stream.on("data", (b: Buffer) => {
        copied += b.length;
      });
      stream.on("end", () => resolve());
      stream.on("error", reject);
    });
    return copied;
  };
  const t1 = performance.now();
  const c0 = cpu();
  const copied = await copy();
  const baseline = performance.now() - t1;
  const copyCpu = cpu() - c0;
  // Two more pairs, export then COPY: on a shared machine one pair is at the mercy of what else runs, so the
  // verdict takes the median of the three pairs' ratios; the CPU time (this process and every PostgreSQL
  // process of the cluster) says the same without the neighbours' noise.
  const pairs = [{ ours: created, copy: baseline, oursCpu: createdCpu, copyCpu }];
  for (let i = 0; i < 2; i++) {
    const [a, ac] = [performance.now(), cpu()];
    await createExport("alpacare", { difficulty: [] }, { id: authorId, roles: ["ADMIN"] });
    const [b, bc] = [performance.now(), cpu()];
    await copy();
    pairs.push({ ours: b - a, copy: performance.now() - b, oursCpu: bc - ac, copyCpu: cpu() - bc });
  }
  console.log(
    `\nexport of ${approved.toLocaleString("en-US")} approved seeds as AlpaCare JSON (rendered, hashed, stored as gzip chunks, items recorded)`,
  );
  console.log(
    `  ours      ${ms(created)}  (then the streamed download: ${ms(withDownload - created)} for ${(downloaded / 1e6).toFixed(1)} MB)`,
  );
  console.log(`  peak RSS  ${peakMb.toFixed(0)} MB during the export (${startMb.toFixed(0)} MB before it)`);
  console.log(
    `  memory    live heap while downloading +${(livePeak / 1e6).toFixed(1)} MB; retained after export +${(retained / 1e6).toFixed(1)} MB; sampled peak incl. garbage +${((peak - heap0) / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `  baseline  ${ms(baseline)}  (COPY ... TO STDOUT of the same rows, ${(copied / 1e6).toFixed(1)} MB)`,
  );
  const ratios = pairs.map((p) => p.ours / p.copy);
  console.log(
    `  pairs     ${pairs.map((p) => `${ms(p.ours)} / ${ms(p.copy)}`).join(", ")}  (load average ${os.loadavg()[0]?.toFixed(1)})`,
  );
  if (cpu.available)
    console.log(
      `  CPU time  ${pairs.map((p) => `${ms(p.oursCpu)} / ${ms(p.copyCpu)}`).join(", ")}  (this process and the cluster's PostgreSQL processes; median ratio ${median(pairs.map((p) => p.oursCpu / p.copyCpu)).toFixed(2)}x)`,
    );
  const ratio = median(ratios);
  console.log(
    `  ratio (ours / COPY, median of ${pairs.length} pairs): ${ratio.toFixed(2)}x   target: <= 2x COPY  ${verdict(ratio <= 2)}`,
  );
  // "Any format": each other format once, beside a COPY of its own (the same rows and columns, in its order).
  for (const format of ["alpaca", "self-instruct", "csv", "jsonl"] as const) {
    const a = performance.now();
    const other = await createExport(format, { difficulty: [] }, { id: authorId, roles: ["ADMIN"] });
    const b = performance.now();
    const copyMs = await timedCopy(client, format);
    const r = (b - a) / copyMs;
    console.log(
      `  ${format.padEnd(13)} ${ms(b - a)} (${(other.byteSize / 1e6).toFixed(1)} MB) / COPY ${ms(copyMs)}: ${r.toFixed(2)}x  ${verdict(r <= 2)}`,
    );
  }
  // Seeds imported as approved (or approved before screening existed) carry no mark and are screened at each
  // export (the detector, about a millisecond a seed): the same export with a tenth of them so.
  await client.query(
    `UPDATE "SeedTask" SET "phiClearVersion" = NULL WHERE id IN (SELECT id FROM "SeedTask" WHERE status = 'APPROVED' ORDER BY id LIMIT 5000)`,
  );
  const t2 = performance.now();
  await createExport("alpacare", { difficulty: [] }, { id: authorId, roles: ["ADMIN"] });
  console.log(
    `  with 5,000 of them unmarked (imported as approved: screened for PHI in the export): ${ms(performance.now() - t2)}`,
  );
}
