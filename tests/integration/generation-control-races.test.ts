import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import { resumeJob } from "@/lib/generation/jobs";
import { resumeGenerationJob } from "@/lib/generation/use-cases/resume-generation-job";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeJob } from "@/tests/support/generation";
import { isolateDatabase } from "../support/isolated-db";

// A generation job's resume racing a cancel or a second resume. A transaction holding the job's row puts the
// other's commit exactly between the resume's start and its write, whatever the machine's speed.
isolateDatabase(); // waits are read from pg_stat_activity: no other file's statements in this database

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 5 });
});
afterAll(async () => {
  await server.close();
});

/** Until `n` statements on the job table wait for a row lock (the resumes, blocked behind the holder). */
async function untilWaiting(n: number): Promise<void> {
  for (;;) {
    const [row] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%GenerationJob%'`;
    if ((row?.n ?? 0) >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("resuming a generation job while others act on it", () => {
  it("a cancel that commits while a resume is under way stays cancelled; the resume is told", async () => {
    const { id, admin } = await makeJob(server.baseUrl, { target: 10 });
    await db.generationJob.update({ where: { id }, data: { state: "PAUSED" } });
    let resume!: Promise<void>;
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "GenerationJob" WHERE id = ${id} FOR UPDATE`;
        resume = resumeJob(id, admin, { budgetUsd: 100 });
        resume.catch(() => {});
        await untilWaiting(1);
        // cancelJob's statement: it succeeds, the person who cancelled is told so
        const n = await tx.$executeRaw`UPDATE "GenerationJob" SET state = 'CANCELLED', "finishedAt" = now()
                                        WHERE id = ${id} AND state IN ('QUEUED', 'RUNNING', 'PAUSED')`;
        expect(n).toBe(1);
      },
      { timeout: 60_000 },
    );
    await expect(resume).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/cancelled/),
    });
    expect((await db.generationJob.findUniqueOrThrow({ where: { id } })).state).toBe("CANCELLED");
  }, 90_000);

  it("of two resumes at once (a double click, the page and the API), one goes through and the other is told", async () => {
    const { id, admin } = await makeJob(server.baseUrl, { target: 10 });
    await db.generationJob.update({ where: { id }, data: { state: "PAUSED" } });
    let both!: Promise<PromiseSettledResult<void>[]>;
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "GenerationJob" WHERE id = ${id} FOR UPDATE`;
        both = Promise.allSettled([
          resumeJob(id, admin, { budgetUsd: 10 }),
          resumeJob(id, admin, { budgetUsd: 20 }),
        ]);
        await untilWaiting(2);
      },
      { timeout: 60_000 },
    );
    const settled = await both;
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const refused = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.generationEvent.count({ where: { jobId: id, message: "Resumed by a user." } })).toBe(1);
    const budget = (
      (await db.generationJob.findUniqueOrThrow({ where: { id } })).settings as { budgetUsd: number }
    ).budgetUsd;
    expect(budget).toBe(settled[0]?.status === "fulfilled" ? 10 : 20);
  }, 90_000);

  it("a resume that raises the budget while a driver runs is seen by that driver: it goes on past the old budget", async () => {
    // A command line taking over a job a worker drives (`generate --resume N --budget X`): the worker's driver
    // read the budget as it started, and paused the job at the budget just raised.
    // Answers held back until the budget is raised: on a busy machine a quick job reached the old budget (and
    // paused) before the resume got there, whatever the polling.
    server.setOptions({ latencyMs: 2_000 });
    try {
      const { id, admin } = await makeJob(server.baseUrl, {
        target: 40,
        concurrency: 4,
        taskModel: "gpt-4",
        responseModel: "gpt-4",
        budgetUsd: 0.45, // about half of what the whole job costs
      });
      const before = server.stats.requests;
      const driving = driveJob(id);
      // Under way (its first calls sent, nothing paid yet), then the budget is raised and the answers flow.
      while (server.stats.requests === before) await new Promise((r) => setTimeout(r, 10));
      await resumeGenerationJob(admin, { jobId: id, budgetUsd: 1000 }, { driver: "caller" });
      expect((await db.generationJob.findUniqueOrThrow({ where: { id } })).costUsd).toBeLessThan(0.45);
      server.setOptions({ latencyMs: 20 });
      expect(await driving).toBe("COMPLETED");
      const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
      expect(job.costUsd).toBeGreaterThan(0.45);
      expect(job.error).toBeNull();
    } finally {
      server.setOptions({ latencyMs: 0 });
    }
  }, 120_000);
});
