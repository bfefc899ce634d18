import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pgPool } from "@/lib/db/pg";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { cachedAnswersNote } from "@/lib/evaluation/estimate-words";
import { judgedItems, loadRunItems } from "@/lib/evaluation/run-items";
import { summariseEvaluation } from "@/lib/evaluation/scoring";
import { cancelEvalRun, pauseEvalRun, resumeEvalRun } from "@/lib/evaluation/use-cases/control-eval-run";
import { downloadEvalRun } from "@/lib/evaluation/use-cases/download-eval-run";
import { getEvalResult, getEvalRun } from "@/lib/evaluation/use-cases/get-eval-run";
import { recordHumanVerdict } from "@/lib/evaluation/use-cases/record-human-verdict";
import { estimateEvalRun, startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { isBudgetPause } from "@/lib/generation/budget-pause";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";

// Runs driven in this process: the budget cap and resume, cancel, an uploaded outputs file with unmatched
// rows, two drivers on one run at once, clinician verdicts and agreement, permissions.

/** The summary a completed run holds is the one assembled from its calls in the database. */
async function expectSummaryFromDatabase(runId: string) {
  const run = await db.evalRun.findUniqueOrThrow({ where: { id: runId } });
  expect(run.state).toBe("COMPLETED");
  const fromDb = summariseEvaluation(judgedItems(await loadRunItems(run)));
  expect(fromDb.n).toBeGreaterThan(0);
  expect(run.summary).toEqual(JSON.parse(JSON.stringify(fromDb)));
}

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 3, latencyMs: 5 });
});
afterAll(async () => {
  await server.close();
});

const settings = () => ({ judgeBaseUrl: server.baseUrl, concurrency: 4, retryBaseMs: 10 });

describe("evaluation runs", () => {
  it("pauses at the budget, estimates first, and resumes with a higher one without paying twice", async () => {
    const { name, version } = await makeTestset(10);
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    // "gpt-4" as the judge's name has a price in the default table, so calls cost something.
    const input = {
      testset: name,
      reference: "gpt-4",
      candidate: { model: "budget-7b", baseUrl: server.baseUrl },
      judgeModel: "gpt-4",
      settings: { ...settings(), budgetUsd: 0.02, concurrency: 1 },
    };
    const estimate = await estimateEvalRun(engineer, input);
    expect(estimate.calls).toEqual({ candidate: 10, judge: 20 });
    expect(estimate.usd).toBeGreaterThan(0);
    const run = await startEvalRun(engineer, input, { driver: "caller" });
    expect(await driveEvalRun(run.id)).toBe("PAUSED");
    const paused = await getEvalRun(engineer, { run: run.id });
    expect(paused.run.error).toMatch(/budget of \$0\.02 is reached/);
    expect(isBudgetPause(paused.run.error)).toBe(true); // what the resume form goes by
    expect(paused.progress.done).toBeLessThan(20);
    // The driver leases the next calls ahead of its slots; paused, it gives every unused lease back, so a
    // resume (by any worker) makes them at once rather than after the leases run out.
    const itemIds = (
      await db.testItem.findMany({ where: { versionId: version.id }, select: { id: true } })
    ).map((i) => i.id);
    expect(await db.evalCall.count({ where: { itemId: { in: itemIds }, status: "RUNNING" } })).toBe(0);
    const madeBefore = paused.run.callsMade;
    // A budget not above what is spent would pause it again at once: refused, the run still paused.
    await expect(
      resumeEvalRun(
        engineer,
        { run: String(run.number), budgetUsd: paused.run.costUsd },
        { driver: "caller" },
      ),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect((await getEvalRun(engineer, { run: run.id })).run.state).toBe("PAUSED");
    await resumeEvalRun(engineer, { run: String(run.number), budgetUsd: 100 }, { driver: "caller" });
    expect(await driveEvalRun(run.id)).toBe("COMPLETED");
    const done = await getEvalRun(engineer, { run: run.id });
    expect(done.progress).toEqual({ done: 20, total: 20 });
    expect(done.run.callsMade).toBe(30);
    expect(madeBefore).toBeGreaterThan(0);
    await expectSummaryFromDatabase(run.id); // half preloaded from the paused drive, half made by the resumed one
  }, 120_000);

  it("names the items the leakage check flags, which the win rate counts", async () => {
    const { name, version } = await makeTestset(4);
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const run = await startEvalRun(
      engineer,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "leak-7b", baseUrl: server.baseUrl },
        judgeModel: "judge",
        settings: settings(),
      },
      { driver: "caller" },
    );
    expect((await getEvalRun(engineer, { run: run.id })).leaked).toEqual([]); // no check yet
    const items = await db.testItem.findMany({
      where: { versionId: version.id },
      orderBy: { position: "asc" },
    });
    const leakedItem = items[2];
    if (!leakedItem) throw new Error("no third item");
    await db.testItem.update({
      where: { id: leakedItem.id },
      data: { leakGeneratedScore: 1, leakGeneratedText: leakedItem.instruction },
    });
    // As a finished check leaves it (the import asked for one; no worker runs in this file).
    const at = new Date();
    const done = { checkedAt: at, requestedAt: at, seeds: 0, records: 1 };
    await db.testSetLeakageCheck.upsert({
      where: { versionId: version.id },
      create: { versionId: version.id, ...done },
      update: done,
    });
    // Not driven: the fake server's answers follow the order of its requests, which the tests after this rely on.
    const view = await getEvalRun(engineer, { run: run.id });
    // The walk: a 100% win rate counted the flagged item, and nothing on the run's page said so.
    expect(view.leaked).toEqual([
      { id: leakedItem.id, label: leakedItem.externalId ?? `item ${leakedItem.position + 1}` },
    ]);
  });

  it("cancels a run, and two drivers on one run make each call once", async () => {
    const { name } = await makeTestset(12);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const base = {
      testset: name,
      reference: "gpt-4",
      candidate: { model: "twice-7b", baseUrl: server.baseUrl },
      judgeModel: "judge-twice",
      settings: settings(),
    };
    const cancelled = await startEvalRun(admin, base, { driver: "caller" });
    await cancelEvalRun(admin, { run: cancelled.id });
    expect(await driveEvalRun(cancelled.id)).toBe("CANCELLED");
    await expect(pauseEvalRun(admin, { run: cancelled.id })).rejects.toThrow(/cancelled/);
    // Its files are a partial result and say so in their names.
    for (const format of ["json", "csv", "annotations"] as const)
      expect((await downloadEvalRun(admin, { run: cancelled.id, format })).fileName).toMatch(
        /^evaluation-run-\d+-partial-cancelled(-annotations)?\.(json|csv)$/,
      );

    const before = server.stats.requests;
    const run = await startEvalRun(
      admin,
      { ...base, settings: { ...settings(), concurrency: 3 } },
      { driver: "caller" },
    );
    const outcomes = await Promise.all([driveEvalRun(run.id), driveEvalRun(run.id)]);
    expect(outcomes).toContain("COMPLETED");
    expect(server.stats.requests - before).toBe(12 + 24);
    const result = await getEvalResult(admin, { run: run.id });
    if (!result) throw new Error("an admin gets the results");
    expect(
      result.items.every((i) => i.verdicts.reference_first !== null && i.verdicts.reference_last !== null),
    ).toBe(true);
    // The finishing driver wrote the summary from the answers it held, some of them made by the other driver:
    // the same summary the database's calls give.
    await expectSummaryFromDatabase(run.id);
    // The same model name at another URL: the cache goes by name and decoding, so its answers would be reused;
    // the estimate says so, naming the URL they were asked of.
    const moved = await estimateEvalRun(admin, {
      ...base,
      candidate: { model: "twice-7b", baseUrl: "http://127.0.0.1:9/v1" },
    });
    expect(moved.calls.candidate).toBe(0);
    expect(moved.cached).toEqual({ answers: 12, baseUrls: [server.baseUrl] });
    expect(cachedAnswersNote(moved, "twice-7b", "http://127.0.0.1:9/v1")).toBe(
      `12 answers of twice-7b with these decoding settings are already cached and will be reused, not asked again (asked of ${server.baseUrl}, not of this URL). The cache goes by model name, not by URL: to evaluate a new checkpoint, serve it under a new model name.`,
    );
    expect(cachedAnswersNote(moved, "twice-7b", server.baseUrl)).not.toContain("not of this URL");
    const fresh = await estimateEvalRun(admin, {
      ...base,
      candidate: { model: "never-7b", baseUrl: server.baseUrl },
    });
    expect(fresh.cached).toEqual({ answers: 0, baseUrls: [] });
    expect(cachedAnswersNote(fresh, "never-7b", server.baseUrl)).toBeNull();
  }, 120_000);

  it("runs while exports hold every streaming connection", async () => {
    // Exports stream through their own pool ("stream"), holding a connection as long as they stream; the
    // run's statements (leases, answers, counters) have theirs ("engine"), so they never queue behind them.
    const stream = pgPool("stream");
    const held = await Promise.all(Array.from({ length: stream.options.max }, () => stream.connect()));
    try {
      expect(stream.totalCount).toBe(stream.options.max);
      const { name } = await makeTestset(4);
      const admin = await makeUser({ roles: ["ADMIN"] });
      const run = await startEvalRun(
        admin,
        {
          testset: name,
          reference: "gpt-4",
          candidate: { model: "beside-exports-7b", baseUrl: server.baseUrl },
          judgeModel: "judge-beside-exports",
          settings: settings(),
        },
        { driver: "caller" },
      );
      expect(await driveEvalRun(run.id)).toBe("COMPLETED");
      await expectSummaryFromDatabase(run.id);
    } finally {
      for (const client of held) client.release();
    }
  }, 120_000);

  it("judges an uploaded outputs file, reports unmatched rows, and shows clinician agreement", async () => {
    const { name, version } = await makeTestset(6);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const items = await db.testItem.findMany({
      where: { versionId: version.id },
      orderBy: { position: "asc" },
    });
    const rows = items.slice(0, 5).map((item, i) => ({
      instruction: item.instruction,
      output: i % 2 ? "A short answer." : "A much longer candidate answer that goes on and on with detail.",
      generator: "uploaded-model",
    }));
    rows.push({
      instruction: "A question that is not in the test set",
      output: "x",
      generator: "uploaded-model",
    });
    const before = server.stats.requests;
    const run = await startEvalRun(
      admin,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { fileName: "model_outputs.json", text: JSON.stringify(rows) },
        judgeModel: "judge-file",
        settings: settings(),
      },
      { driver: "caller" },
    );
    expect(run.unmatched.rows).toHaveLength(1);
    expect(run.unmatched.missingItems).toBe(1);
    expect(await driveEvalRun(run.id)).toBe("COMPLETED");
    expect(server.stats.judgeRequests).toBeGreaterThan(0);
    expect(server.stats.requests - before).toBe(10); // judge calls only: the answers came from the file
    const result = await getEvalResult(admin, { run: run.id });
    if (!result) throw new Error("an admin gets the results");
    expect(result.n).toBe(5);
    expect(result.items[5]?.score).toBeNull();

    // Clinicians judge items; agreement with the judge appears once they have.
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const view = await getEvalRun(admin, { run: run.id });
    expect(view.agreement).toBeNull();
    for (const item of view.items.slice(0, 5)) {
      const judge = (item.verdicts.reference_first ?? "tie") as "candidate" | "reference" | "tie";
      await recordHumanVerdict(reviewer, { runId: run.id, itemId: item.id, outcome: judge });
    }
    // A second verdict on an item replaces the first (ten times over: still one row).
    for (let i = 0; i < 10; i++)
      await recordHumanVerdict(reviewer, {
        runId: run.id,
        itemId: view.items[0]?.id as string,
        outcome: "tie",
      });
    const after = await getEvalRun(admin, { run: run.id });
    expect(after.agreement?.table.n).toBe(5);
    expect(after.humanVerdicts).toHaveLength(5);
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    await expect(
      recordHumanVerdict(engineer, { runId: run.id, itemId: view.items[1]?.id as string, outcome: "tie" }),
    ).rejects.toThrow(/evaluation.judge/);
    const author = await makeUser({ roles: ["AUTHOR"] });
    await expect(
      startEvalRun(author, {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "m", baseUrl: server.baseUrl },
        judgeModel: "j",
      }),
    ).rejects.toThrow(/evaluation.run/);
  }, 120_000);

  it("says on the run, while it goes on, which call is failing and being retried, and clears it once answered", async () => {
    const { name } = await makeTestset(4);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const flaky = await startFakeOpenAIServer({ seed: 5, faultRate: 1, faultKinds: ["server_error"] });
    try {
      const run = await startEvalRun(
        admin,
        {
          testset: name,
          reference: "gpt-4",
          candidate: { model: "notice-7b", baseUrl: server.baseUrl },
          judgeModel: "judge-notice",
          settings: { judgeBaseUrl: flaky.baseUrl, concurrency: 2, retryBaseMs: 20, maxRetries: 50 },
        },
        { driver: "caller" },
      );
      const drive = driveEvalRun(run.id);
      // Every judge call fails with a 500 until the server is mended: the run says so meanwhile.
      let notice: string | null = null;
      for (let i = 0; i < 600 && !notice; i++) {
        notice = (await getEvalRun(admin, { run: run.id })).run.notice;
        if (!notice) await new Promise((r) => setTimeout(r, 50));
      }
      expect(notice).toMatch(
        /^The judge \(judge-notice\) failed \(attempt \d+ of 51\): .+; retrying in \d+\.\d s\.$/,
      );
      expect(notice).not.toContain(".;");
      const view = await getEvalRun(admin, { run: run.id });
      expect(view.run.state).toBe("RUNNING");
      expect(view.run.noticeAt).toBeInstanceOf(Date);
      flaky.setOptions({ faultRate: 0 });
      expect(await drive).toBe("COMPLETED");
      const done = await getEvalRun(admin, { run: run.id });
      expect(done.progress).toEqual({ done: 8, total: 8 });
      expect(done.run.notice).toBeNull();
      const stored = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(stored.notice).toBeNull(); // cleared by the first answer, not only hidden
    } finally {
      await flaky.close();
    }
  }, 120_000);

  it("pauses with a reason a person can act on when the judge's address answers nothing", async () => {
    const { name } = await makeTestset(2);
    const admin = await makeUser({ roles: ["ADMIN"] });
    // A port that was just free: nothing listens there.
    const closed = await startFakeOpenAIServer();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const run = await startEvalRun(
      admin,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "dead-7b", baseUrl: server.baseUrl },
        judgeModel: "judge-dead",
        settings: { judgeBaseUrl: deadUrl, concurrency: 1, retryBaseMs: 5, maxRetries: 2 },
      },
      { driver: "caller" },
    );
    expect(await driveEvalRun(run.id)).toBe("PAUSED");
    const paused = await getEvalRun(admin, { run: run.id });
    expect(paused.run.error).toMatch(
      // whose endpoint it was: "Could not reach the provider" alone left the judge and the candidate open
      /^The judge \(judge-dead\): Could not reach the provider \(ECONNREFUSED\): nothing answers at its address \(is the server running, with the base URL's host and port\?\)\. Fix the cause and resume the run\.$/,
    );
    expect(paused.run.notice).toBeNull();
    expect((await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).notice).toBeNull();
  }, 120_000);

  it("a run paused and cancelled while its judge could not be reached leaves no call leased: a new run makes them at once", async () => {
    const { name } = await makeTestset(5);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const closed = await startFakeOpenAIServer();
    const deadUrl = closed.baseUrl;
    await closed.close();
    const base = {
      testset: name,
      reference: "gpt-4",
      candidate: { model: "lease-7b", baseUrl: server.baseUrl },
      judgeModel: "judge-lease",
    };
    const first = await startEvalRun(
      admin,
      { ...base, settings: { judgeBaseUrl: deadUrl, retryBaseMs: 200, maxRetries: 50 } },
      { driver: "caller" },
    );
    const drive = driveEvalRun(first.id);
    for (let i = 0; i < 600 && !(await getEvalRun(admin, { run: first.id })).run.notice; i++)
      await new Promise((r) => setTimeout(r, 50));
    await pauseEvalRun(admin, { run: first.id });
    expect(await drive).toBe("PAUSED");
    await cancelEvalRun(admin, { run: first.id });
    const items = await db.testItem.findMany({
      where: { version: { testSet: { name } } },
      select: { id: true },
    });
    const leased = await db.evalCall.findMany({
      where: { itemId: { in: items.map((i) => i.id) }, status: "RUNNING" },
      select: { key: true, kind: true, leaseOwner: true },
    });
    expect(leased).toEqual([]);
    const second = await startEvalRun(
      admin,
      { ...base, settings: { judgeBaseUrl: server.baseUrl, retryBaseMs: 10 } },
      { driver: "caller" },
    );
    const t0 = Date.now();
    expect(await driveEvalRun(second.id)).toBe("COMPLETED");
    // Not after a lease ran out (the request timeout, 120 s by default, plus a margin).
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect((await getEvalRun(admin, { run: second.id })).progress).toEqual({ done: 10, total: 10 });
  }, 180_000);
});
