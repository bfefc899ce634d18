// Child of `npm run bench` (scripts/bench/dataset-bench.ts), on React's client build: times the analysis
// page of a job, as the page does it (read the stored analysis, render the charts to HTML), against the
// same page without the precomputed row (read every record, analyse them, render), in this one process.
//   tsx scripts/bench/analysis-render.ts <jobId>   (DATABASE_URL set)
import { chromium } from "@playwright/test";
import { build } from "esbuild";
import pg from "pg";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { AnalysisView } from "@/components/dataset/analysis-view";
import { analyseJob } from "@/lib/dataset/analysis/compute";
import type { AnalysisRecord, JobAnalysis } from "@/lib/dataset/types";
import { guessViewGroup } from "@/lib/model/vocabulary";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../lib/chromium";
import { loadAverage, ms, pct, timeIt } from "./stats";

const GOAL_MS = 2000;
const jobId = process.argv[2] as string;
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();

const render = (analysis: JobAnalysis) => renderToString(createElement(AnalysisView, { analysis }));

async function stored(): Promise<JobAnalysis> {
  const r = await client.query<{ data: JobAnalysis }>(
    `SELECT data FROM "DatasetAnalysis" WHERE "jobId" = $1`,
    [jobId],
  );
  const row = r.rows[0];
  if (!row) throw new Error("no stored analysis");
  return row.data;
}

async function fromRecords(): Promise<JobAnalysis> {
  const job = await client.query<{ seeds: AnalysisRecord[] }>(
    `SELECT seeds FROM "GenerationJob" WHERE id = $1`,
    [jobId],
  );
  const seeds = (job.rows[0]?.seeds ?? []).map((s) => ({ ...s, output: null }));
  const rows = await client.query<AnalysisRecord>(
    `SELECT COALESCE("curatedInstruction", instruction) AS instruction, COALESCE("curatedInput", input) AS input,
            COALESCE("curatedOutput", output) AS output, "taskType", topic, view, difficulty
       FROM "GeneratedTask" WHERE "jobId" = $1 AND kept AND NOT excluded AND "responseStatus" = 'DONE' ORDER BY seq`,
    [jobId],
  );
  const started = performance.now();
  const a = analyseJob(seeds, rows.rows, (v) => (v ? guessViewGroup(v) : null));
  return { ...a, computedAt: new Date().toISOString(), durationMs: performance.now() - started };
}

/** The charts drawn in Chromium from the stored analysis, by the page's own client components. */
async function browserDraw(
  analysis: JobAnalysis,
  runs: number,
): Promise<{ times: number[]; shapes: number }> {
  const bundle = await build({
    entryPoints: ["scripts/bench/analysis-browser-entry.tsx"],
    bundle: true,
    write: false,
    format: "iife",
    minify: true,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const data = JSON.stringify(analysis).replaceAll("<", "\\u003c");
    const html = `<!doctype html><html><body><div id="root"></div><script>window.__ANALYSIS__=${data}</script><script>${script.replaceAll("</script", "<\\/script")}</script></body></html>`;
    const times: number[] = [];
    let shapes = 0;
    for (let i = 0; i < runs + 1; i++) {
      await page.setContent(html);
      await page.waitForFunction(
        () => (window as unknown as { __DRAWN_MS__?: number }).__DRAWN_MS__ !== undefined,
        null,
        { timeout: 30_000 },
      );
      const r = await page.evaluate(() => {
        const w = window as unknown as { __DRAWN_MS__: number; __SHAPES__: number };
        return { ms: w.__DRAWN_MS__, shapes: w.__SHAPES__ };
      });
      if (i > 0) times.push(r.ms); // the first load warms the browser's caches
      shapes = r.shapes;
    }
    return { times, shapes };
  } finally {
    await browser.close();
  }
}

try {
  const html = render(await stored()); // warm-up: module loading and JIT are not the page's
  const ours = await timeIt(7, async () => render(await stored()));
  const baseline = await timeIt(2, async () => render(await fromRecords()));
  const o50 = pct(ours, 50);
  const b50 = pct(baseline, 50);
  console.log(
    `  ours      read the stored analysis + render the charts (${Math.round(html.length / 1024)} KB of HTML): p50 ${ms(o50)}  p95 ${ms(pct(ours, 95))}`,
  );
  console.log(`  baseline  read the records + analyse them + render: p50 ${ms(b50)}`);
  const drawn = await browserDraw(await stored(), 5);
  const d50 = pct(drawn.times, 50);
  console.log(
    `  in the browser: the charts drawn by the page's client components in Chromium (${drawn.shapes} shapes): p50 ${ms(d50)}  p95 ${ms(pct(drawn.times, 95))}`,
  );
  const page = o50 + d50;
  console.log(
    `  ratio (baseline / ours, server side): ${(b50 / o50).toFixed(1)}x   whole page (server + charts drawn): ${ms(page)} vs ${ms(b50 + d50)} without precomputing   target: under ${GOAL_MS / 1000} s: ${page < GOAL_MS ? "PASS" : "MISSED"}  (load average ${loadAverage()})`,
  );
} finally {
  await client.end();
}
