import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { computeAnalysis } from "@/lib/dataset/analysis-store";
import { loadAverage, ms, peakRss, verdict } from "./stats";
import { syntheticSeeds } from "./synthetic";

const SEEDS = 167;

/** A completed job with `RECORDS` kept, answered records (52,000 as MedInstruct-52k) and 167 seeds, written by SQL. */
async function seedJob(client: pg.Client, authorId: string, RECORDS: number): Promise<string> {
  const seeds = syntheticSeeds(SEEDS, 7).map((s, i) => ({ id: `bench-seed-${i}`, ...s }));
  const prompt = await client.query<{ id: string }>(
    `SELECT id FROM "PromptTemplate" WHERE kind = 'TASK' ORDER BY version DESC LIMIT 1`,
  );
  const response = await client.query<{ id: string }>(
    `SELECT id FROM "PromptTemplate" WHERE kind = 'RESPONSE' ORDER BY version DESC LIMIT 1`,
  );
  const ensurePrompt = async (kind: string, found: string | undefined) => {
    if (found) return found;
    const r = await client.query<{ id: string }>(
      `INSERT INTO "PromptTemplate" (id, kind, version, system, "user") VALUES (gen_random_uuid()::text, $1, 1, 'bench', 'bench') RETURNING id`,
      [kind],
    );
    return r.rows[0]?.id as string;
  };
  const taskPromptId = await ensurePrompt("TASK", prompt.rows[0]?.id);
  const responsePromptId = await ensurePrompt("RESPONSE", response.rows[0]?.id);
  const job = await client.query<{ id: string }>(
    `INSERT INTO "GenerationJob" (id, state, "seedSource", seeds, settings, target, "rngSeed", "taskPromptId",
       "responsePromptId", "creatorId", "keptCount", "responsesDone", "generationDone", "updatedAt")
     VALUES (gen_random_uuid()::text, 'COMPLETED', 'bench seeds', $1, '{}', $2, 1, $3, $4, $5, $2, $2, true, now())
     RETURNING id`,
    [JSON.stringify(seeds), RECORDS, taskPromptId, responsePromptId, authorId],
  );
  const jobId = job.rows[0]?.id as string;
  const requests = Math.ceil(RECORDS / 12);
  await client.query(
    `INSERT INTO "GenerationRequest" (id, "jobId", index, "seedIds", status, admitted, "maxTokens", completion)
     SELECT $1 || '-r' || i, $1, i, ARRAY['bench-seed-0','bench-seed-1','bench-seed-2'], 'DONE', true, 3000, 'bench'
       FROM generate_series(0, $2 - 1) AS i`,
    [jobId, requests],
  );
  // Records: synthetic instructions (realistic length and vocabulary), inputs and answers.
  const records = syntheticSeeds(RECORDS, 11);
  const BATCH = 5000;
  for (let start = 0; start < RECORDS; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    await client.query(
      `INSERT INTO "GeneratedTask" (id, "jobId", "requestId", position, seq, kept, instruction, input, "taskType",
         topic, view, difficulty, raw, "maxRougeL", "responseStatus", output)
       SELECT $1 || '-t' || (x.n + $2), $1, $1 || '-r' || ((x.n + $2 - 1) / 12), (x.n + $2 - 1) % 12, x.n + $2, true,
              x.instruction, x.input, x.type, x.topic, x.view, x.difficulty, x.instruction, 0.3, 'DONE',
              x.instruction || ' ' || x.input || ' ' || x.instruction
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
              WITH ORDINALITY AS x(instruction, input, type, topic, view, difficulty, n)`,
      [
        jobId,
        start,
        batch.map((r) => r.instruction),
        batch.map((r) => r.input),
        batch.map((r) => r.taskType),
        batch.map((r) => r.topic),
        batch.map((r) => r.view),
        batch.map((r) => r.difficulty),
      ],
    );
  }
  return jobId;
}

/**
 * Analysis of a job of `records` records (52,000 for the `analysis` part, 200,000 for `analysis-200k`):
 * precomputed once when the job completes (timed here, through the app's own code, with this process's CPU
 * time and peak RSS; target under 60 s at 200,000), so the page only reads one row and renders it. The page
 * itself is timed in a child process (scripts/bench/analysis-render.ts) because rendering the charts needs
 * React's client build, which this process (react-server, for the app's server modules) does not load.
 */
export async function benchDatasetAnalysis(client: pg.Client, authorId: string, records = 52_000) {
  const jobId = await seedJob(client, authorId, records);
  const load = loadAverage();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const { result: analysis, peakMb, startMb } = await peakRss(() => computeAnalysis(jobId));
  const precompute = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  if (!analysis || analysis.generated.n !== records)
    throw new Error("the analysis did not cover every record");
  console.log(`\nanalysis page of a ${records.toLocaleString("en-US")}-record job (${SEEDS} seeds)`);
  console.log(
    `  precompute once, when the job completes: ${ms(precompute)}, CPU ${ms((used.user + used.system) / 1000)} in this process, peak RSS ${peakMb.toFixed(0)} MB (${startMb.toFixed(0)} MB before), load average ${load} (root verbs and objects, distributions, lengths, ROUGE-L to the seeds)${records >= 200_000 ? `  target < 60 s  ${verdict(precompute < 60_000)}` : ""}`,
  );
  const child = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench/analysis-render.ts", jobId], {
    env: { ...process.env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) throw new Error(`the render benchmark failed (exit ${child.status})`);
}
