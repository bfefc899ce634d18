import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editRecord } from "@/lib/dataset/curation";
import { db } from "@/lib/db";
import { isBudgetPause } from "@/lib/generation/budget-pause";
import { driveJob } from "@/lib/generation/engine/driver";
import { savePrices } from "@/lib/generation/prices-store";
import { currentText } from "@/lib/model/record-text";
import { stopQueue } from "@/lib/queue/boss";
import { ratingContentHash } from "@/lib/rating/content-hash";
import { driveRatingJob } from "@/lib/rating/engine";
import { controlRatingJob } from "@/lib/rating/use-cases/command-rating-job";
import { estimateRatingJob } from "@/lib/rating/use-cases/estimate-rating-job";
import { editRubric, getRubric } from "@/lib/rating/use-cases/rubric";
import { startRatingJob } from "@/lib/rating/use-cases/start-rating-job";
import { startRatingSchema } from "@/lib/validation/rating";
import { type FakeServer, fakeScore, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";

// Rating jobs against the local OpenAI-compatible server: faults, a killed worker, the cache, the budget.
// Prices are global: this file has a database of its own.
isolateDatabase();

let server: FakeServer;
let job: Awaited<ReturnType<typeof makeJob>>;
let reviewer: Awaited<ReturnType<typeof makeUser>>;
const input = (extra: Record<string, unknown> = {}) =>
  startRatingSchema.parse({
    generationJobId: job.id,
    settings: {
      provider: { kind: "openai-compatible", baseUrl: server.baseUrl },
      model: "fake-rater",
      concurrency: 4,
      retryBaseMs: 5,
      requestTimeoutMs: 400,
      failureLimit: 1000,
    },
    ...extra,
  });

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 41, latencyMs: 2 });
  job = await makeJob(server.baseUrl, { target: 30, concurrency: 4 });
  expect(await driveJob(job.id)).toBe("COMPLETED");
  reviewer = await makeUser({ roles: ["REVIEWER"], label: "rater" });
}, 60_000);
afterAll(async () => {
  await stopQueue();
  await server.close();
});

const until = async (check: () => Promise<boolean>) => {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
};

describe("rating jobs", () => {
  it("rates every record exactly once through faults and a killed worker", async () => {
    server.setOptions({
      faultRate: 0.25,
      faultKinds: ["rate_limit", "server_error", "timeout", "malformed"],
      timeoutHangMs: 2000,
      retryAfterMs: 5,
      latencyMs: 20,
    });
    const started = await startRatingJob(reviewer, input(), { driver: "caller" });
    // A worker that dies mid-way: its calls are cut, its leases are left behind.
    const kill = new AbortController();
    const first = driveRatingJob(started.id, { signal: kill.signal, leaseMs: 500 });
    await until(
      async () => (await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } })).doneCount >= 5,
    );
    kill.abort();
    expect(await first).toBe("STOPPED");
    // Two workers take over (the dead one's items once their leases expire).
    const outcomes = await Promise.all([
      driveRatingJob(started.id, { leaseMs: 500 }),
      driveRatingJob(started.id, { leaseMs: 500 }),
    ]);
    expect(outcomes).toEqual(["COMPLETED", "COMPLETED"]);
    server.setOptions({ faultRate: 0, latencyMs: 2 });

    const rj = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id }, include: { items: true } });
    expect(rj.total).toBe(30);
    expect(rj.doneCount).toBe(30);
    expect(rj.items.every((i) => i.status === "DONE" && i.ratingId)).toBe(true);
    expect(server.stats.faults.rate_limit + server.stats.faults.server_error).toBeGreaterThan(0);
    const ratings = await db.rating.findMany({
      where: { id: { in: rj.items.map((i) => i.ratingId as string) } },
    });
    expect(ratings).toHaveLength(new Set(rj.items.map((i) => i.contentHash)).size);
    // Score, rationale and raw answer are kept; the record carries its latest score.
    const tasks = await db.generatedTask.findMany({ where: { jobId: job.id, kept: true } });
    for (const t of tasks) {
      const rating = ratings.find((r) => r.id === t.qualityRatingId);
      expect(typeof rating?.raw).toBe("string");
      if (rating?.score === null) expect(rating.problem).toBeTruthy();
      if (rating?.score !== null)
        expect(t.qualityScore).toBe(fakeScore((t.output as string).replace(/\n+$/, "")));
    }
    expect(rj.unparsedCount).toBe(ratings.filter((r) => r.score === null).length);
  }, 120_000);

  it("answers a re-run from the cache: nothing is paid twice", async () => {
    const before = server.stats.ratingRequests;
    const estimate = await estimateRatingJob(reviewer, input());
    expect(estimate).toMatchObject({ records: 30, cached: 30, promptTokens: 0 });
    const again = await startRatingJob(reviewer, input(), { driver: "caller" });
    expect(await driveRatingJob(again.id)).toBe("COMPLETED");
    const rj = await db.ratingJob.findUniqueOrThrow({ where: { id: again.id } });
    expect(rj).toMatchObject({ doneCount: 30, cachedCount: 30, costUsd: 0 });
    expect(server.stats.ratingRequests).toBe(before);
  });

  it("versions the rubric: an admin's edit is a new version, a run with it is not answered from the old cache", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const { current } = await getRubric(reviewer);
    const saved = await editRubric(admin, {
      system: `${current.system} Be terse.`,
      user: current.user,
      basedOn: current.version,
    });
    expect(saved.version).toBe(current.version + 1);
    await expect(
      editRubric(admin, { system: "x", user: current.user, basedOn: current.version }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      editRubric(admin, { system: "x", user: "no placeholders", basedOn: saved.version }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      editRubric(reviewer, { system: "x", user: current.user, basedOn: saved.version }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const estimate = await estimateRatingJob(reviewer, input());
    expect(estimate.cached).toBe(0);
    const run = await startRatingJob(reviewer, input(), { driver: "caller" });
    expect(
      (await db.ratingJob.findUniqueOrThrow({ where: { id: run.id }, include: { rubric: true } })).rubric
        .version,
    ).toBe(saved.version);
    await controlRatingJob(reviewer, { jobId: run.id, command: "cancel" });
  });

  it("pauses at its budget, goes on each time the budget is raised, refuses a budget not above the spend", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await savePrices(JSON.stringify({ "fake-rater-2": { input: 1000, output: 1000 } }), admin.id);
    const i = input({ budgetUsd: 0.01 });
    i.settings.model = "fake-rater-2";
    i.settings.concurrency = 1;
    const estimate = await estimateRatingJob(reviewer, i);
    expect(estimate.costUsd).toBeGreaterThan(0.01);
    const started = await startRatingJob(reviewer, i, { driver: "caller" });
    expect(await driveRatingJob(started.id)).toBe("PAUSED");
    const paused = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
    expect(paused.error).toMatch(/budget/);
    expect(isBudgetPause(paused.error)).toBe(true); // what the resume form goes by
    expect(paused.doneCount).toBeLessThan(30);
    // A budget at what is spent would pause it again at once: refused, saying what to enter, state unchanged.
    await expect(
      controlRatingJob(
        reviewer,
        { jobId: started.id, command: "resume", budgetUsd: paused.costUsd },
        { driver: "caller" },
      ),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/not above .* already spent/),
    });
    expect((await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } })).state).toBe("PAUSED");
    // Raised a little, then again: each time it goes on where it stopped, until the budget is reached again.
    let before = paused;
    for (let round = 0; round < 3 && before.state !== "COMPLETED"; round++) {
      const budgetUsd = round < 2 ? before.costUsd + 0.01 : 1000;
      await controlRatingJob(
        reviewer,
        { jobId: started.id, command: "resume", budgetUsd },
        { driver: "caller" },
      );
      const outcome = await driveRatingJob(started.id);
      const after = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
      expect(after.budgetUsd).toBe(budgetUsd);
      expect(after.doneCount).toBeGreaterThan(before.doneCount);
      expect(outcome).toBe(after.doneCount < 30 ? "PAUSED" : "COMPLETED");
      before = after;
    }
    expect(before.state).toBe("COMPLETED");
    expect(before.doneCount).toBe(30);
    const audits = await db.auditEvent.findMany({
      where: { targetId: started.id, action: "rating.resume" },
      orderBy: { at: "asc" },
    });
    expect(audits.map((a) => (a.after as { budgetUsd?: number } | null)?.budgetUsd)).toContain(1000);
    await expect(controlRatingJob(reviewer, { jobId: started.id, command: "pause" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const author = await makeUser({ roles: ["AUTHOR"] });
    await expect(startRatingJob(author, i, { driver: "caller" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("completes, not pauses, when the budget is passed by the calls that rate the last records", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await savePrices(JSON.stringify({ "fake-rater-3": { input: 1000, output: 1000 } }), admin.id);
    const i = input({ budgetUsd: 0.01 });
    i.settings.model = "fake-rater-3";
    i.settings.concurrency = 32; // one batch takes all 30 records
    // Every call under way before any is answered: the budget is passed only once all 30 are paid for.
    server.setOptions({ holdUntil: 30 });
    try {
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      expect(await driveRatingJob(started.id)).toBe("COMPLETED");
      const done = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
      expect(done).toMatchObject({ state: "COMPLETED", doneCount: 30, error: null });
      expect(done.costUsd).toBeGreaterThan(0.01);
    } finally {
      server.setOptions({ holdUntil: 0 });
    }
  });

  it("pays for no further call once the budget is reached: only the calls already under way finish", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await savePrices(JSON.stringify({ "fake-rater-4": { input: 1000, output: 1000 } }), admin.id);
    const i = input({ budgetUsd: 0.01 }); // one call costs more than this
    i.settings.model = "fake-rater-4";
    i.settings.concurrency = 4; // batches of 8 leases, 4 calls at a time
    const before = server.stats.ratingRequests;
    const started = await startRatingJob(reviewer, i, { driver: "caller" });
    expect(await driveRatingJob(started.id)).toBe("PAUSED");
    const paused = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
    expect(isBudgetPause(paused.error)).toBe(true);
    // The first four calls were under way together; none started after the first answer passed the budget.
    expect(server.stats.ratingRequests - before).toBeLessThanOrEqual(4);
    expect(paused.doneCount).toBe(server.stats.ratingRequests - before);
    const items = await db.ratingItem.groupBy({
      by: ["status"],
      where: { ratingJobId: started.id },
      _count: true,
    });
    expect(Object.fromEntries(items.map((g) => [g.status, g._count]))).toEqual({
      DONE: paused.doneCount,
      PENDING: 30 - paused.doneCount,
    });
    // Raised, it goes on to the end.
    await controlRatingJob(
      reviewer,
      { jobId: started.id, command: "resume", budgetUsd: 1000 },
      { driver: "caller" },
    );
    expect(await driveRatingJob(started.id)).toBe("COMPLETED");
    expect((await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } })).doneCount).toBe(30);
  });

  it("a worker stopped cleanly gives its records back at once: the next driver finishes the job", async () => {
    const i = input();
    i.settings.model = "fake-rater-stop";
    i.settings.concurrency = 2;
    server.setOptions({ latencyMs: 30_000 }); // answers that would come long after the stop
    try {
      const before = server.stats.ratingRequests;
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      const stop = new AbortController();
      const first = driveRatingJob(started.id, { signal: stop.signal }); // the default lease: over a minute
      await until(async () => server.stats.ratingRequests - before >= 2); // both calls under way
      stop.abort(); // a worker shutting down: its calls are cut
      expect(await first).toBe("STOPPED");
      expect(await db.ratingItem.count({ where: { ratingJobId: started.id, status: "RUNNING" } })).toBe(0);
      server.setOptions({ latencyMs: 2 });
      expect(await driveRatingJob(started.id, { idleMs: 20 })).toBe("COMPLETED");
      expect(await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({
        doneCount: 30,
      });
    } finally {
      server.setOptions({ latencyMs: 2 });
    }
  }, 30_000);

  it("a worker whose lease ran out in a backoff does not pay again for records another worker took over", async () => {
    const i = input();
    i.settings.model = "fake-rater-lease";
    // Every call is refused with a Retry-After of 1.5 s: the first worker's four calls back off that long.
    server.setOptions({ faultRate: 1, faultKinds: ["rate_limit"], retryAfterMs: 1500 });
    try {
      const before = server.stats.ratingRequests;
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      const first = driveRatingJob(started.id, { leaseMs: 200, idleMs: 20 });
      await until(async () => server.stats.ratingRequests - before >= 4);
      server.setOptions({ faultRate: 0 });
      // Its leases run out while it waits; a second worker takes the records over and rates the whole job.
      await until(async () => {
        const [row] = await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM "RatingItem"
           WHERE "ratingJobId" = ${started.id} AND status = 'RUNNING' AND "leaseUntil" < now()`;
        return (row?.n ?? 0) >= 4;
      });
      expect(await driveRatingJob(started.id, { idleMs: 20 })).toBe("COMPLETED");
      expect(await first).toBe("COMPLETED");
      // The first worker's four refused calls, then one call a record: the first worker, back from its
      // backoff, found its records taken and sent nothing more (before, it paid for each of them again).
      expect(server.stats.ratingRequests - before).toBe(4 + 30);
      expect(await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({
        doneCount: 30,
        cachedCount: 0,
      });
    } finally {
      server.setOptions({ faultRate: 0, retryAfterMs: 5 });
    }
  }, 60_000);

  it("leaves a record too long for the rater unrated, counted, and goes on with the others", async () => {
    const i = input();
    i.settings.model = "fake-rater-long";
    server.setOptions({ faultRate: 0.3, faultKinds: ["context_length"], seed: 43 });
    try {
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      expect(await driveRatingJob(started.id)).toBe("COMPLETED");
      const done = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
      const failed = await db.ratingItem.findMany({ where: { ratingJobId: started.id, status: "FAILED" } });
      expect(failed.length).toBeGreaterThan(0);
      expect(done.failedCount).toBe(failed.length);
      expect(done.doneCount + done.failedCount).toBe(30);
      expect(failed.every((f) => /context length/i.test(f.error ?? ""))).toBe(true);
      expect(done.error).toBeNull();
    } finally {
      server.setOptions({ faultRate: 0 });
    }
  });

  it("a request the provider refuses pauses the job naming the record, and it goes on once that is fixed", async () => {
    const i = input();
    i.settings.model = "fake-rater-refused";
    server.setOptions({ apiKey: "a-key-this-job-does-not-send" });
    try {
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      expect(await driveRatingJob(started.id)).toBe("PAUSED");
      const paused = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
      expect(paused.error).toMatch(
        /^The rater's provider refused the request for record \d+ \(generated task \d+\): /,
      );
      server.setOptions({ apiKey: undefined });
      await controlRatingJob(reviewer, { jobId: started.id, command: "resume" }, { driver: "caller" });
      expect(await driveRatingJob(started.id)).toBe("COMPLETED");
    } finally {
      server.setOptions({ apiKey: undefined });
    }
  });

  // These two edit records of the shared job: they run last.

  it("rates a record edited after the job was made as it now reads, cached under that text", async () => {
    const i = input();
    i.settings.model = "fake-rater-edit";
    server.setOptions({ rater: (response) => `Score: ${fakeScore(response)}` });
    try {
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      const item = await db.ratingItem.findFirstOrThrow({ where: { ratingJobId: started.id, position: 0 } });
      const task = await db.generatedTask.findUniqueOrThrow({ where: { id: item.taskId } });
      const original = currentText(task);
      expect(ratingContentHash(original)).toBe(item.contentHash);
      let output = `${original.output} Edited.`;
      for (let k = 0; fakeScore(output) === fakeScore(original.output); k++)
        output = `${original.output} Edited ${k}.`;
      await editRecord({ taskId: task.id, version: task.curationVersion, ...original, output }, reviewer);
      expect(await driveRatingJob(started.id)).toBe("COMPLETED");
      const edited = ratingContentHash({ ...original, output });
      const rated = await db.generatedTask.findUniqueOrThrow({ where: { id: task.id } });
      expect(rated.qualityScore).toBe(fakeScore(output));
      const ratings = await db.rating.findMany({
        where: { model: "fake-rater-edit", contentHash: { in: [edited, item.contentHash] } },
      });
      expect(ratings.map((r) => [r.contentHash, r.score])).toEqual([[edited, fakeScore(output)]]);
      expect(
        (await db.ratingItem.findFirstOrThrow({ where: { ratingJobId: started.id, position: 0 } }))
          .contentHash,
      ).toBe(edited);
    } finally {
      server.setOptions({ rater: undefined });
    }
  });

  it("pays once for a text two records of one run share", async () => {
    const i = input();
    i.settings.model = "fake-rater-twice";
    const [a, b] = await db.generatedTask.findMany({
      where: { jobId: job.id, kept: true, excluded: false, responseStatus: "DONE" },
      orderBy: { seq: "asc" },
      take: 2,
    });
    if (!a || !b) throw new Error("the job has fewer than two records");
    await editRecord({ taskId: b.id, version: b.curationVersion, ...currentText(a) }, reviewer);
    const before = server.stats.ratingRequests;
    const started = await startRatingJob(reviewer, i, { driver: "caller" });
    expect(await driveRatingJob(started.id)).toBe("COMPLETED");
    const items = await db.ratingItem.findMany({ where: { ratingJobId: started.id } });
    const distinct = new Set(items.map((x) => x.contentHash)).size;
    expect(distinct).toBe(items.length - 1);
    expect(server.stats.ratingRequests - before).toBe(distinct);
    const done = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } });
    expect(done).toMatchObject({ doneCount: items.length, cachedCount: 1 });
    const [ra, rb] = await Promise.all(
      [a, b].map((t) => db.generatedTask.findUniqueOrThrow({ where: { id: t.id } })),
    );
    expect(rb?.qualityRatingId).toBe(ra?.qualityRatingId);
  });

  it("an edited record's score is of its new text: none until rated, its old score back when the edit is undone", async () => {
    const i = input();
    i.settings.model = "fake-rater-follows";
    server.setOptions({ rater: (response) => `Score: ${fakeScore(response)}` });
    try {
      const started = await startRatingJob(reviewer, i, { driver: "caller" });
      expect(await driveRatingJob(started.id)).toBe("COMPLETED");
      const task = await db.generatedTask.findFirstOrThrow({
        where: { jobId: job.id, kept: true, excluded: false, responseStatus: "DONE" },
        orderBy: { seq: "desc" },
      });
      const original = currentText(task);
      expect(task.qualityScore).toBe(fakeScore(original.output));
      let version = task.curationVersion;
      for (let round = 1; round <= 3; round++) {
        const edited = await editRecord(
          { taskId: task.id, version, ...original, output: `${original.output} (edit ${round})` },
          reviewer,
        );
        version = edited.version;
        const now = await db.generatedTask.findUniqueOrThrow({ where: { id: task.id } });
        expect(now).toMatchObject({ qualityScore: null, qualityRatingId: null });
      }
      await editRecord({ taskId: task.id, version, ...original }, reviewer);
      const undone = await db.generatedTask.findUniqueOrThrow({ where: { id: task.id } });
      expect(undone.qualityScore).toBe(fakeScore(original.output));
      expect(undone.qualityRatingId).toBe(task.qualityRatingId);
    } finally {
      server.setOptions({ rater: undefined });
    }
  });
});
