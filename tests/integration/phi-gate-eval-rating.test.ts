import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { resumeEvalRun } from "@/lib/evaluation/use-cases/control-eval-run";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { driveJob } from "@/lib/generation/engine/driver";
import { setProviderEndpointTrust } from "@/lib/generation/use-cases/set-endpoint-trust";
import { markNotPhi } from "@/lib/phi/use-cases/mark-not-phi";
import { driveRatingJob } from "@/lib/rating/engine";
import { controlRatingJob } from "@/lib/rating/use-cases/command-rating-job";
import { startRatingJob } from "@/lib/rating/use-cases/start-rating-job";
import { startRatingSchema } from "@/lib/validation/rating";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";

// Issue 15's gate on every outbound request, beyond generation: evaluation (candidate and judge requests)
// and rating. A run or job whose text carries an unresolved possible patient identifier pauses before the
// request reaches the local OpenAI-compatible server (its request log stays empty), naming the item or
// record and the span; it goes on once the endpoint is marked trusted (evaluation: test items have no
// "not PHI" review) or the finding is marked not PHI (rating). Trusted endpoints are a global setting: this
// file has a database of its own, and a server per part.
isolateDatabase();

const PHONE = "555-201-3344";
let evalServer: FakeServer;
let rateServer: FakeServer;
beforeAll(async () => {
  [evalServer, rateServer] = await Promise.all([
    startFakeOpenAIServer({ seed: 5, latencyMs: 2 }),
    startFakeOpenAIServer({ seed: 6, latencyMs: 2 }),
  ]);
});
afterAll(async () => {
  await Promise.all([evalServer.close(), rateServer.close()]);
});

const sent = (server: FakeServer, text: string) =>
  server.requests.filter((r) => JSON.stringify(r.body).includes(text)).length;

describe("the PHI gate on evaluation requests", () => {
  it("pauses a run whose test item carries a phone number before any request, naming the item; trusted, it runs and warns", async () => {
    const { name, version } = await makeTestset(4);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
    const items = await db.testItem.findMany({
      where: { versionId: version.id },
      orderBy: { position: "asc" },
    });
    const flagged = items[2];
    if (!flagged) throw new Error("no item");
    await db.testItem.update({
      where: { id: flagged.id },
      data: { input: `${flagged.input} Call the daughter on ${PHONE} before discharge.` },
    });
    const label = `test item ${flagged.externalId ?? `#${flagged.position + 1}`}`;
    evalServer.requests.length = 0;
    const before = evalServer.stats.requests;

    const run = await startEvalRun(
      actor,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "phi-7b", baseUrl: evalServer.baseUrl },
        judgeModel: "judge-phi",
        settings: { judgeBaseUrl: evalServer.baseUrl, concurrency: 4, retryBaseMs: 10 },
      },
      { driver: "caller" },
    );
    expect(await driveEvalRun(run.id)).toBe("PAUSED");
    expect(evalServer.requests).toEqual([]);
    expect(evalServer.stats.requests).toBe(before);
    let paused = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(paused.state).toBe("PAUSED");
    expect(paused.error).toContain(`PHONE "${PHONE}" in ${label}, input`);
    expect(paused.error).toMatch(/Fix the test set/);
    expect(paused.error).toMatch(/trusted/);
    expect(paused.callsMade).toBe(0);
    expect(
      await db.evalCall.count({ where: { itemId: { in: items.map((i) => i.id) }, status: "DONE" } }),
    ).toBe(0);

    // Resumed as it is: the gate screens again and pauses again, still nothing sent (five times over).
    for (let i = 0; i < 5; i++) {
      await resumeEvalRun(actor, { run: run.id }, { driver: "caller" });
      expect(await driveEvalRun(run.id)).toBe("PAUSED");
    }
    expect(evalServer.requests).toEqual([]);
    paused = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(paused.error).toContain(label);

    await setProviderEndpointTrust(actor, {
      kind: "openai-compatible",
      baseUrl: evalServer.baseUrl,
      trusted: true,
      reason: "Local judge on our own GPU server",
    });
    try {
      await resumeEvalRun(actor, { run: run.id }, { driver: "caller" });
      expect(await driveEvalRun(run.id)).toBe("COMPLETED");
      const done = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(done.error).toBeNull();
      expect(done.phiWarning).toContain(`PHONE "${PHONE}" in ${label}, input`);
      expect(done.phiWarning).toMatch(/trusted/);
      // The item's candidate request and both judge requests carried it.
      expect(sent(evalServer, PHONE)).toBeGreaterThanOrEqual(3);
      expect(evalServer.stats.requests - before).toBeGreaterThanOrEqual(4 + 8);
    } finally {
      await setProviderEndpointTrust(actor, {
        kind: "openai-compatible",
        baseUrl: evalServer.baseUrl,
        trusted: false,
        reason: "test over",
      });
    }
  }, 180_000);

  it("screens the candidate's answer before the judge sees it: an uploaded answer with a phone number pauses the run, never retried", async () => {
    const { name, version } = await makeTestset(3);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
    const items = await db.testItem.findMany({
      where: { versionId: version.id },
      orderBy: { position: "asc" },
    });
    const rows = items.map((item, i) => ({
      instruction: item.instruction,
      output: i === 0 ? `Ring the patient's son on ${PHONE} with the results.` : "Rest and fluids.",
      generator: "uploaded-model",
    }));
    evalServer.requests.length = 0;
    const run = await startEvalRun(
      actor,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { fileName: "model_outputs.json", text: JSON.stringify(rows) },
        judgeModel: "judge-upload",
        settings: { judgeBaseUrl: evalServer.baseUrl, concurrency: 1, retryBaseMs: 10 },
      },
      { driver: "caller" },
    );
    expect(await driveEvalRun(run.id)).toBe("PAUSED");
    expect(sent(evalServer, PHONE)).toBe(0);
    const paused = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    const first = items[0];
    expect(paused.error).toContain(
      `PHONE "${PHONE}" in test item ${first?.externalId ?? `#${(first?.position ?? 0) + 1}`}, candidate`,
    );
    expect(paused.error).not.toMatch(/Unexpected error|Fix the cause/);
  }, 120_000);
});

describe("the PHI gate on rating requests", () => {
  it("pauses a job over a record with an unresolved finding without a request; marked not PHI and resumed, it runs", async () => {
    const job = await makeJob(rateServer.baseUrl, { target: 3, concurrency: 2 });
    expect(await driveJob(job.id)).toBe("COMPLETED");
    const [task] = await db.generatedTask.findMany({
      where: { jobId: job.id, kept: true },
      orderBy: { seq: "asc" },
    });
    if (!task) throw new Error("no kept record");
    const output = `${task.output} Follow-up: call ${PHONE}.`;
    await db.generatedTask.update({ where: { id: task.id }, data: { output } });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const rater: Actor = { id: reviewer.id, roles: ["REVIEWER"] };
    rateServer.requests.length = 0;
    const ratingBefore = rateServer.stats.ratingRequests;

    const started = await startRatingJob(
      rater,
      startRatingSchema.parse({
        generationJobId: job.id,
        settings: {
          provider: { kind: "openai-compatible", baseUrl: rateServer.baseUrl },
          model: "fake-rater",
          concurrency: 1,
          retryBaseMs: 5,
          requestTimeoutMs: 2000,
        },
      }),
      { driver: "caller" },
    );
    expect(await driveRatingJob(started.id)).toBe("PAUSED");
    expect(rateServer.requests).toEqual([]);
    expect(rateServer.stats.ratingRequests).toBe(ratingBefore);
    let rj = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id }, include: { items: true } });
    expect(rj.state).toBe("PAUSED");
    expect(rj.error).toContain(`PHONE "${PHONE}" in generated task ${task.seq}, output`);
    expect(rj.error).toMatch(/not PHI/);
    // Not a provider failure: no streak, and every item is back for the next drive (none left leased).
    expect(rj.failureStreak).toBe(0);
    expect(rj.items.every((i) => i.status === "PENDING" && i.leaseToken === null)).toBe(true);

    // Resumed unresolved: paused again, nothing sent (three times over).
    for (let i = 0; i < 3; i++) {
      await controlRatingJob(rater, { jobId: started.id, command: "resume" }, { driver: "caller" });
      expect(await driveRatingJob(started.id)).toBe("PAUSED");
    }
    expect(rateServer.requests).toEqual([]);

    await markNotPhi(rater, {
      targetType: "generated",
      targetId: task.id,
      field: "output",
      category: "PHONE",
      text: PHONE,
      reason: "The ward's public switchboard number, not a patient's",
    });
    await controlRatingJob(rater, { jobId: started.id, command: "resume" }, { driver: "caller" });
    expect(await driveRatingJob(started.id)).toBe("COMPLETED");
    rj = await db.ratingJob.findUniqueOrThrow({ where: { id: started.id }, include: { items: true } });
    expect(rj.doneCount).toBe(3);
    expect(rj.error).toBeNull();
    expect(sent(rateServer, PHONE)).toBe(1);
    expect(rateServer.stats.ratingRequests - ratingBefore).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
