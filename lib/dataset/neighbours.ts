import "server-only";
import { db } from "@/lib/db";
import type { JobSeed } from "@/lib/generation/types";
import { RougeIndex } from "@/lib/rouge";

// A record's nearest neighbours by ROUGE-L F1 on the instruction: among the seeds its job was shown and the
// job's other kept records (as curated). One index per job is kept in memory (built on first use, rebuilt
// when the job's records change), so a record page of a 52,000-record job answers in milliseconds after the
// first.

export type Neighbour = {
  id: string;
  kind: "seed" | "record";
  score: number;
  instruction: string;
};

type Cached = { version: string; index: RougeIndex; text: Map<string, string>; used: number };
const g = globalThis as unknown as { medseedNeighbourIndex?: Map<string, Cached> };
const cache = () => {
  g.medseedNeighbourIndex ??= new Map();
  return g.medseedNeighbourIndex;
};
const MAX_JOBS = 4;

async function jobIndex(jobId: string): Promise<Cached | null> {
  const job = await db.generationJob.findUnique({
    where: { id: jobId },
    select: { seeds: true, curationVersion: true, keptCount: true },
  });
  if (!job) return null;
  // keptCount moves while a job runs; curationVersion when its records are edited.
  const version = `${job.curationVersion}:${job.keptCount}`;
  const hit = cache().get(jobId);
  if (hit && hit.version === version) {
    hit.used = Date.now();
    return hit;
  }
  const index = new RougeIndex();
  const text = new Map<string, string>();
  for (const s of job.seeds as unknown as JobSeed[]) {
    index.add(`seed:${s.id}`, s.instruction);
    text.set(`seed:${s.id}`, s.instruction);
  }
  const rows = await db.$queryRaw<{ id: string; instruction: string }[]>`
    SELECT id, COALESCE("curatedInstruction", instruction) AS instruction
      FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND NOT excluded`;
  for (const r of rows) {
    index.add(r.id, r.instruction);
    text.set(r.id, r.instruction);
  }
  const entry = { version, index, text, used: Date.now() };
  cache().set(jobId, entry);
  if (cache().size > MAX_JOBS) {
    const oldest = [...cache().entries()].sort((a, b) => a[1].used - b[1].used)[0];
    if (oldest) cache().delete(oldest[0]);
  }
  return entry;
}

export async function nearestNeighbours(
  jobId: string,
  taskId: string,
  instruction: string,
  k = 5,
): Promise<Neighbour[]> {
  const entry = await jobIndex(jobId);
  if (!entry) return [];
  return entry.index
    .topK(instruction, k, { excludeId: taskId })
    .filter((m) => m.score > 0)
    .map((m) => ({
      id: m.id.startsWith("seed:") ? m.id.slice(5) : m.id,
      kind: m.id.startsWith("seed:") ? "seed" : "record",
      score: m.score,
      instruction: entry.text.get(m.id) ?? "",
    }));
}
