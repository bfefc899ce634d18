import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildRelease } from "@/lib/dataset/releases/build";
import { publishRelease } from "@/lib/dataset/use-cases/publish-release";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import { resumeJob } from "@/lib/generation/jobs";
import { stopQueue } from "@/lib/queue/boss";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeJob } from "@/tests/support/generation";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// A release is asked for from finished or paused jobs; its build runs later (a worker). A job resumed in
// between is writing records nobody has seen and the publish's quality gate did not look at.

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 11, latencyMs: 2 });
});
afterAll(async () => {
  await stopQueue();
  await server.close();
});

describe("a release whose job is resumed between publish and build", () => {
  it("is not built from the running job: it fails saying so, and builds once the job has finished", async () => {
    const { id, admin } = await makeJob(server.baseUrl, { target: 40, concurrency: 4, budgetUsd: 100 });
    const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
    // Stopped once a few records are answered, then paused: a release can be asked for from what it has.
    const stop = new AbortController();
    const driving = driveJob(id, { signal: stop.signal });
    while ((await db.generatedTask.count({ where: { jobId: id, kept: true, responseStatus: "DONE" } })) < 3)
      await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    await driving;
    await db.generationJob.update({ where: { id }, data: { state: "PAUSED" } });
    // Asking for a minimum rating nobody reaches (no record is rated): refused, every kept record counted once,
    // those with no answer yet among them.
    const kept = await db.generatedTask.count({ where: { jobId: id, kept: true } });
    const answered = await db.generatedTask.count({
      where: { jobId: id, kept: true, responseStatus: "DONE", output: { not: null } },
    });
    await expect(
      publishRelease(
        admin,
        { name: "Rated", jobIds: [id], threshold: 0.7, minRating: 5 },
        { build: "caller" },
      ),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: `There is nothing to publish: of the ${kept} kept records, 0 excluded, ${kept - answered} without an answer, ${answered} rated below 5 or unrated. Lower the minimum rating, or rate the jobs first.`,
    });
    const release = await publishRelease(
      admin,
      { name: "Paused job", jobIds: [id], threshold: 0.7 },
      { build: "caller" },
    );
    await resumeJob(id, admin, { budgetUsd: 200 }); // before the worker builds the release
    await buildRelease(release.id);
    const failed = await db.datasetRelease.findUniqueOrThrow({ where: { id: release.id } });
    expect(failed).toMatchObject({ state: "FAILED" });
    expect(failed.error).toBe(
      `Job #${job.number} was resumed after this release was asked for: its records are still being written. Publish again once it has finished (or pause it).`,
    );
    expect(await db.datasetReleaseItem.count({ where: { releaseId: release.id } })).toBe(0);
    // Driven to its end, the job publishes and builds.
    expect(await driveJob(id)).toBe("COMPLETED");
    const again = await publishRelease(
      admin,
      { name: "Finished job", jobIds: [id], threshold: 0.7 },
      { build: "caller" },
    );
    await buildRelease(again.id);
    expect((await db.datasetRelease.findUniqueOrThrow({ where: { id: again.id } })).state).toBe("READY");
  }, 120_000);
});

describe("the same release asked for twice", () => {
  it("is recorded and built once: the second, at once or while the first waits to be built, is told", async () => {
    const { id, admin } = await makeJob(server.baseUrl, { target: 6, concurrency: 2 });
    expect(await driveJob(id)).toBe("COMPLETED");
    const input = { name: "Pilot", jobIds: [id], threshold: 0.7 };
    const before = await db.datasetRelease.count();
    // A form sent twice, or an API client retrying: two at once.
    const results = await Promise.allSettled([
      publishRelease(admin, input, { build: "caller" }),
      publishRelease(admin, input, { build: "caller" }),
    ]);
    const made = results.filter((r) => r.status === "fulfilled");
    expect(made).toHaveLength(1);
    const first = (made[0] as PromiseFulfilledResult<{ id: string; number: number }>).value;
    const refusal = {
      code: "CONFLICT",
      message: `Release #${first.number}, the same release (name, jobs and settings), is being built: wait for it, or publish under another name.`,
    };
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: refusal });
    // Again later, while it still waits for its build: told again. Another name, or other settings, is another release.
    await expect(publishRelease(admin, input, { build: "caller" })).rejects.toMatchObject(refusal);
    const other = await publishRelease(admin, { ...input, threshold: 0.8 }, { build: "caller" });
    expect(await db.datasetRelease.count()).toBe(before + 2);
    // Once built, the same release can be asked for again (the records may have been curated since).
    await buildRelease(first.id);
    await buildRelease(other.id);
    expect((await db.datasetRelease.findUniqueOrThrow({ where: { id: first.id } })).state).toBe("READY");
    const again = await publishRelease(admin, input, { build: "caller" });
    expect(again.number).toBeGreaterThan(other.number);
  }, 120_000);
});
