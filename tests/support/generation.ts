import { db } from "@/lib/db";
import { createJob } from "@/lib/generation/jobs";
import type { JobSeed } from "@/lib/generation/types";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";
import { rougeLF1 } from "@/lib/rouge";
import { type JobSettingsInput, jobSettingsSchema } from "@/lib/validation/generation";
import { makeUser } from "./factories";

// Helpers for generation tests: synthetic seeds (tests never read ../shared), a job against a local
// OpenAI-compatible server, and the checks every finished job must pass.

const WORDS =
  "asthma insulin sepsis warfarin stroke anemia migraine pneumonia lupus gout thyroid eczema dialysis statin biopsy fracture glaucoma hepatitis malaria vertigo".split(
    " ",
  );

export function syntheticSeeds(n = 20): JobSeed[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `seed-${i}`,
    taskType: CANONICAL_TASK_TYPES[i % CANONICAL_TASK_TYPES.length] as string,
    topic: "Internal medicine",
    view: i % 2 ? "Patient" : "Nurse",
    difficulty: (i % 5) + 1,
    instruction: `Seed task ${i}: explain ${WORDS[i % WORDS.length]} and ${WORDS[(i * 7 + 3) % WORDS.length]} for case ${i * 13}.`,
    input: i % 3 ? "" : `A ${40 + i}-year-old presents with symptoms.`,
  }));
}

export async function makeJob(baseUrl: string, settings: JobSettingsInput = {}, seeds = syntheticSeeds()) {
  const admin = await makeUser({ roles: ["ADMIN"], label: "gen" });
  const parsed = jobSettingsSchema.parse({
    provider: { kind: "openai-compatible", baseUrl },
    taskModel: "fake-gpt-4",
    responseModel: "fake-gpt-3.5",
    // Far above a loaded machine's answer time: the fake server shares the test's event loop, and a stall of
    // a second or two would time plain calls out in a row. Tests of timeouts set their own.
    requestTimeoutMs: 5_000,
    retryBaseMs: 10,
    rngSeed: 42,
    ...settings,
  });
  const job = await createJob({ seeds, seedSource: "test seeds" }, parsed, admin);
  return { ...job, admin, seeds };
}

/** Everything the acceptance asks of a finished job; returns the kept tasks for further checks. */
export async function checkFinishedJob(jobId: string, seeds: JobSeed[]) {
  const job = await db.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  const kept = await db.generatedTask.findMany({ where: { jobId, kept: true }, orderBy: { seq: "asc" } });
  const discarded = await db.generatedTask.findMany({ where: { jobId, kept: false } });
  const problems: string[] = [];
  if (job.state !== "COMPLETED") problems.push(`state ${job.state} (${job.error ?? ""})`);
  if (kept.length !== job.target) problems.push(`kept ${kept.length}, target ${job.target}`);
  if (job.keptCount !== kept.length) problems.push(`keptCount ${job.keptCount} != rows ${kept.length}`);
  kept.forEach((t, i) => {
    if (t.seq !== i + 1) problems.push(`seq ${t.seq} at ${i}`);
    if (t.responseStatus !== "DONE" || !t.output?.trim()) problems.push(`task ${t.seq} has no response`);
  });
  if (discarded.length !== job.discardedCount)
    problems.push(`discarded rows ${discarded.length} != discardedCount ${job.discardedCount}`);
  const byReason = Object.values(job.discardCounts as Record<string, number>).reduce((a, b) => a + b, 0);
  if (byReason !== job.discardedCount)
    problems.push(`discardCounts sum ${byReason} != ${job.discardedCount}`);
  const threshold = (job.settings as { threshold: number }).threshold;
  for (const d of discarded) {
    if (!d.reason) problems.push(`discarded task ${d.id} has no reason`);
    if (d.reason === "duplicate" && (d.mostSimilarId === null || !((d.maxRougeL ?? 0) > threshold)))
      problems.push(`duplicate ${d.id} lacks its most similar task or score`);
  }
  // Alpaca's rule, checked the slow way: every kept task against the seeds and every task kept before it.
  const earlier = seeds.map((s) => s.instruction);
  for (const t of kept) {
    for (const other of earlier) {
      const score = rougeLF1(t.instruction, other);
      if (score > threshold) {
        problems.push(`kept task ${t.seq} scores ${score} against "${other.slice(0, 40)}"`);
        break;
      }
    }
    earlier.push(t.instruction);
  }
  const dupKeys = new Set<string>();
  for (const t of [...kept, ...discarded]) {
    const key = `${t.requestId}/${t.position}`;
    if (dupKeys.has(key)) problems.push(`task ${key} recorded twice`);
    dupKeys.add(key);
  }
  return { job, kept, discarded, problems };
}
