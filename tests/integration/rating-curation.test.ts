import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ratingHistogram } from "@/lib/dataset/rating-histogram";
import { listRecords } from "@/lib/dataset/records";
import { buildRelease } from "@/lib/dataset/releases/build";
import {
  excludeBelowRating,
  previewExcludeBelowRating,
  undoExcludeBelowRating,
} from "@/lib/dataset/use-cases/exclude-below-rating";
import { publishRelease } from "@/lib/dataset/use-cases/publish-release";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import { queueBoss, stopQueue } from "@/lib/queue/boss";
import { refreshSignals } from "@/lib/rating/signals-store";
import { estimateRatingJob } from "@/lib/rating/use-cases/estimate-rating-job";
import { recordQuerySchema } from "@/lib/validation/dataset";
import { ratingSettingsSchema } from "@/lib/validation/rating";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";

// Acting on ratings: the record browser's rating and signal filters, "exclude everything rated below X" as
// one audited, reversible action, and a release that requires a minimum rating.

let server: FakeServer;
let job: Awaited<ReturnType<typeof makeJob>>;
const scores = new Map<string, number | null>();
beforeAll(async () => {
  await queueBoss(); // the queue curation asks for the job's analysis on
  server = await startFakeOpenAIServer({ seed: 51, latencyMs: 2 });
  job = await makeJob(server.baseUrl, { target: 30, concurrency: 4 });
  expect(await driveJob(job.id, { onResponsesStored: (taskIds) => refreshSignals({ taskIds }) })).toBe(
    "COMPLETED",
  );
  // Ratings as a rating job leaves them: 1..5 in turn, and every seventh record unrated.
  const kept = await db.generatedTask.findMany({
    where: { jobId: job.id, kept: true },
    orderBy: { seq: "asc" },
  });
  for (const [i, t] of kept.entries()) {
    const score = i % 7 === 6 ? null : (i % 5) + 1;
    scores.set(t.id, score);
    if (score !== null) await db.generatedTask.update({ where: { id: t.id }, data: { qualityScore: score } });
  }
}, 60_000);
afterAll(async () => {
  await stopQueue();
  await server.close();
});

const below3 = () => [...scores].filter(([, s]) => s !== null && s < 3).map(([id]) => id);

describe("rating in the record browser and curation", () => {
  it("filters and sorts by rating and by signal", async () => {
    const page = await listRecords(
      recordQuerySchema.parse({ job: job.id, ratingBelow: "3", sort: "rating" }),
    );
    expect(page.rows.map((r) => r.id).sort()).toEqual(below3().sort());
    expect(page.rows.map((r) => r.qualityScore)).toEqual([...page.rows.map((r) => r.qualityScore)].sort());
    const high = await listRecords(recordQuerySchema.parse({ job: job.id, ratingMin: "4.5" }));
    expect(high.rows.every((r) => (r.qualityScore ?? 0) >= 4.5)).toBe(true);
    const unrated = await listRecords(recordQuerySchema.parse({ job: job.id, unrated: "1" }));
    expect(unrated.total).toBe([...scores.values()].filter((s) => s === null).length);
    // A refusal becomes a filterable signal.
    const [t] = page.rows;
    await db.generatedTask.update({
      where: { id: t?.id },
      data: { output: "I'm sorry, but I cannot provide medical advice." },
    });
    await refreshSignals({ taskIds: [t?.id as string] });
    await db.recordSignals.updateMany({ where: { taskId: t?.id }, data: { curationVersion: -1 } });
    await refreshSignals({ taskIds: [t?.id as string] });
    const refusals = await listRecords(recordQuerySchema.parse({ job: job.id, signal: "refusal" }));
    expect(refusals.rows.map((r) => r.id)).toContain(t?.id);
    expect(refusals.rows.find((r) => r.id === t?.id)?.signals).toContain("refusal");
  });

  it("counts the ratings per task type and difficulty, unrated records apart", async () => {
    const h = await ratingHistogram(job.id);
    const expected = [1, 2, 3, 4, 5].map((b) => [...scores.values()].filter((s) => s === b).length);
    expect(h.overall.bins).toEqual(expected);
    expect(h.overall.unrated).toBe([...scores.values()].filter((s) => s === null).length);
    expect(h.byType.reduce((n, r) => n + r.total, 0)).toBe(30);
    expect(h.byDifficulty.reduce((n, r) => n + r.unrated, 0)).toBe(h.overall.unrated);
  });

  it("excludes everything rated below X in one audited, reversible action, once when two ask at once", async () => {
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const other = await makeUser({ roles: ["REVIEWER"] });
    const preview = await previewExcludeBelowRating(reviewer, { jobId: job.id, threshold: 3 });
    expect(preview.total).toBe(below3().length);
    expect(preview.byDifficulty.reduce((n, r) => n + r.lose, 0)).toBe(preview.total);
    expect(preview.byType.reduce((n, r) => n + r.of, 0)).toBe(30);

    const analysesAsked = async () =>
      (
        await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'dataset-work' AND data->>'jobId' = ${job.id}`
      )[0]?.n ?? 0;
    const before = await analysesAsked();
    const results = await Promise.allSettled([
      excludeBelowRating(reviewer, { jobId: job.id, threshold: 3 }),
      excludeBelowRating(other, { jobId: job.id, threshold: 3 }),
    ]);
    const done = results.filter((r) => r.status === "fulfilled");
    expect(done).toHaveLength(1);
    const { batchId, excluded } = (done[0] as PromiseFulfilledResult<{ batchId: string; excluded: number }>)
      .value;
    expect(excluded).toBe(below3().length);
    const rows = await db.generatedTask.findMany({ where: { jobId: job.id, kept: true } });
    for (const r of rows) expect(r.excluded).toBe(below3().includes(r.id));
    expect(await db.generatedTaskEdit.count({ where: { taskId: { in: below3() }, change: "exclude" } })).toBe(
      below3().length,
    );
    expect(await db.auditEvent.count({ where: { action: "dataset.exclude-below", targetId: job.id } })).toBe(
      1,
    );
    // Curation is followed by the job's analysis, as a single record's exclusion is.
    const afterExclude = await analysesAsked();
    expect(afterExclude).toBeGreaterThan(before);

    // Undo brings back what nobody changed since.
    const undo = await undoExcludeBelowRating(reviewer, { jobId: job.id, batchId });
    expect(undo).toEqual({ included: below3().length, skipped: 0 });
    expect(await analysesAsked()).toBeGreaterThan(0);
    expect(await db.generatedTask.count({ where: { jobId: job.id, excluded: true } })).toBe(0);
    await expect(undoExcludeBelowRating(reviewer, { jobId: job.id, batchId })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const author = await makeUser({ roles: ["AUTHOR"] });
    await expect(excludeBelowRating(author, { jobId: job.id, threshold: 3 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("undoes one exclusion once when two people undo it at once: the second is told, one audit entry", async () => {
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const other = await makeUser({ roles: ["REVIEWER"] });
    const { batchId, excluded } = await excludeBelowRating(reviewer, { jobId: job.id, threshold: 3 });
    expect(excluded).toBe(below3().length);
    const results = await Promise.allSettled([
      undoExcludeBelowRating(reviewer, { jobId: job.id, batchId }),
      undoExcludeBelowRating(other, { jobId: job.id, batchId }),
    ]);
    const done = results.filter((r) => r.status === "fulfilled");
    expect(done).toHaveLength(1);
    expect((done[0] as PromiseFulfilledResult<unknown>).value).toEqual({ included: excluded, skipped: 0 });
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: "CONFLICT", message: "That exclusion was already undone." },
    });
    const undos = await db.auditEvent.count({
      where: { action: "dataset.exclude-below.undo", after: { path: ["batchId"], equals: batchId } },
    });
    expect(undos).toBe(1);
    expect(await db.generatedTask.count({ where: { jobId: job.id, excluded: true } })).toBe(0);
  });

  it("builds a release that requires a minimum rating, and its card says so", async () => {
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const release = await publishRelease(
      engineer,
      { name: "Rated at least 3", jobIds: [job.id], threshold: 0.7, minRating: 3 },
      { build: "caller" },
    );
    await buildRelease(release.id);
    const built = await db.datasetRelease.findUniqueOrThrow({
      where: { id: release.id },
      include: { items: true },
    });
    expect(built.state).toBe("READY");
    expect(built.minRating).toBe(3);
    const taken = built.items.map((i) => i.taskId);
    expect(taken.length).toBeGreaterThan(0);
    for (const id of taken) expect(scores.get(id)).toBeGreaterThanOrEqual(3);
    expect(built.card).toMatch(/Rating filter: only records an LLM rater scored at least \*\*3\*\* of 5/);
    // A release can be rated too: its records, as they read now.
    const estimate = await estimateRatingJob(engineer, {
      releaseId: release.id,
      settings: ratingSettingsSchema.parse({
        provider: { kind: "openai-compatible", baseUrl: server.baseUrl },
        model: "m",
      }),
    });
    expect(estimate.records).toBe(taken.length);
    // A minimum rating on a job nobody has rated yet is refused at publish, saying so, with nothing recorded.
    const unrated = await makeJob(server.baseUrl, { target: 3, concurrency: 2 });
    expect(await driveJob(unrated.id)).toBe("COMPLETED");
    const answered = await db.generatedTask.count({
      where: {
        jobId: unrated.id,
        kept: true,
        excluded: false,
        responseStatus: "DONE",
        output: { not: null },
      },
    });
    expect(answered).toBeGreaterThan(1);
    const kept = await db.generatedTask.count({ where: { jobId: unrated.id, kept: true } });
    const releases = await db.datasetRelease.count();
    await expect(
      publishRelease(engineer, { name: "Unrated", jobIds: [unrated.id], threshold: 0.7, minRating: 1 }),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: `There is nothing to publish: of the ${kept} kept records, 0 excluded, ${kept - answered} without an answer, ${answered} rated below 1 or unrated. Lower the minimum rating, or rate the jobs first.`,
    });
    expect(await db.datasetRelease.count()).toBe(releases);
  });
});
