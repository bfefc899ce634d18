import "server-only";
import { performance } from "node:perf_hooks";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { JobSeed } from "@/lib/generation/types";
import { guessViewGroup, type ViewGroupName, vocabKey } from "@/lib/model/vocabulary";
import { analyseJob } from "./analysis/compute";
import type { AnalysisRecord, JobAnalysis } from "./types";

// A job's analysis is computed once (when the job completes, and again after its records are curated) and
// stored as JSON: the analysis page of a 52,000-record job only reads one row.

const PAGE = 5000;

export type StoredAnalysis = { analysis: JobAnalysis; stale: boolean; computedAt: Date };

/** How views map to groups: the vocabulary's groups, else the same guess the coverage dashboard makes. */
export async function viewGroupResolver(): Promise<(view: string) => ViewGroupName | null> {
  const terms = await db.vocabularyTerm.findMany({
    where: { kind: "VIEW", viewGroup: { not: null } },
    select: { value: true, viewGroup: true },
  });
  const groupOf = new Map<string, ViewGroupName>();
  for (const t of terms) if (t.viewGroup) groupOf.set(vocabKey(t.value), t.viewGroup);
  return (view) => (view.trim() ? (groupOf.get(vocabKey(view)) ?? guessViewGroup(view)) : null);
}

/** The records of a job as curated and as they would be published: kept, answered, not excluded. */
export async function* curatedRecords(jobId: string): AsyncGenerator<AnalysisRecord[]> {
  let after = 0;
  for (;;) {
    const rows = await db.$queryRaw<(AnalysisRecord & { seq: number })[]>`
      SELECT seq, COALESCE("curatedInstruction", instruction) AS instruction,
             COALESCE("curatedInput", input) AS input, COALESCE("curatedOutput", output) AS output,
             "taskType", topic, view, difficulty
        FROM "GeneratedTask"
       WHERE "jobId" = ${jobId} AND kept AND NOT excluded AND "responseStatus" = 'DONE' AND seq > ${after}
       ORDER BY seq
       LIMIT ${PAGE}`;
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = (rows.at(-1) as { seq: number }).seq;
  }
}

/**
 * Computes and stores the job's analysis, unless the stored one already describes the job as it is (same
 * curation state, same answered records): repeated requests for it cost one query.
 */
export async function computeAnalysis(
  jobId: string,
  opts: { force?: boolean } = {},
): Promise<JobAnalysis | null> {
  const job = await db.generationJob.findUnique({
    where: { id: jobId },
    select: {
      seeds: true,
      curationVersion: true,
      responsesDone: true,
      analysis: { select: { basis: true, responses: true, data: true } },
    },
  });
  if (!job) return null;
  const current = job.analysis;
  if (
    !opts.force &&
    current &&
    current.basis === job.curationVersion &&
    current.responses === job.responsesDone
  )
    return current.data as unknown as JobAnalysis;
  const started = performance.now();
  const seeds: AnalysisRecord[] = (job.seeds as unknown as JobSeed[]).map((s) => ({
    instruction: s.instruction,
    input: s.input,
    output: null,
    taskType: s.taskType,
    topic: s.topic,
    view: s.view,
    difficulty: s.difficulty,
  }));
  const generated: AnalysisRecord[] = [];
  for await (const page of curatedRecords(jobId)) for (const r of page) generated.push(r);
  const viewGroupOf = await viewGroupResolver();
  const computed = analyseJob(seeds, generated, viewGroupOf);
  const analysis: JobAnalysis = {
    ...computed,
    computedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
  const data = analysis as unknown as Prisma.InputJsonValue;
  // The basis is the state read before computing: an edit or a new answer meanwhile leaves it stale.
  const basis = { basis: job.curationVersion, responses: job.responsesDone };
  await db.datasetAnalysis.upsert({
    where: { jobId },
    create: { jobId, ...basis, data, durationMs: analysis.durationMs },
    update: { ...basis, data, durationMs: analysis.durationMs, computedAt: new Date() },
  });
  return analysis;
}

export async function storedAnalysis(jobId: string): Promise<StoredAnalysis | null> {
  const [row, job] = await Promise.all([
    db.datasetAnalysis.findUnique({ where: { jobId } }),
    db.generationJob.findUnique({
      where: { id: jobId },
      select: { curationVersion: true, responsesDone: true },
    }),
  ]);
  if (!row || !job) return null;
  return {
    analysis: row.data as unknown as JobAnalysis,
    stale: row.basis < job.curationVersion || row.responses !== job.responsesDone,
    computedAt: row.computedAt,
  };
}
