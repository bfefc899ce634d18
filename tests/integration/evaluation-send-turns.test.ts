import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { pauseEvalRun } from "@/lib/evaluation/use-cases/control-eval-run";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";

// A run keeps twice its concurrency of steps in progress, their requests built ahead, and the requests take
// turns (engine.ts, `sends`): at most `concurrency` out at once; a turn that comes after the run paused sends
// nothing; a call that waited long for its turn renews its lease before it goes out.

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("evaluation calls take turns", () => {
  it("sends at most `concurrency` calls at once, and none that waited for a turn once the run paused", async () => {
    const fake = await startFakeOpenAIServer({ seed: 21, latencyMs: 1500 });
    server = fake;
    const { name, version } = await makeTestset(6);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const run = await startEvalRun(
      admin,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "turns-7b", baseUrl: fake.baseUrl },
        judgeModel: "judge-turns",
        settings: { judgeBaseUrl: fake.baseUrl, concurrency: 2, retryBaseMs: 10 },
      },
      { driver: "caller" },
    );
    const drive = driveEvalRun(run.id);
    // Two candidate calls out; two more steps have their requests ready and wait for a turn.
    await waitFor(() => fake.stats.requests === 2, "the first two requests");
    await pauseEvalRun(admin, { run: run.id });
    expect(await drive).toBe("PAUSED");
    // The two calls out when it paused finished and were kept; the two waiting were never sent.
    expect(fake.stats.requests).toBe(2);
    expect(fake.stats.maxConcurrent).toBe(2);
    const items = await db.testItem.findMany({ where: { versionId: version.id }, select: { id: true } });
    const calls = await db.evalCall.groupBy({
      by: ["status"],
      where: { kind: "candidate", itemId: { in: items.map((i) => i.id) } },
      _count: true,
    });
    // Leased ahead and not sent: given back (PENDING) for a resume to make at once.
    const byStatus = Object.fromEntries(calls.map((c) => [c.status, c._count]));
    expect(byStatus.DONE).toBe(2);
    expect(byStatus.RUNNING).toBeUndefined();
  }, 120_000);

  it("renews the lease of a call that waited for its turn, so it never runs on a lease that ran out", async () => {
    // One call at once, 1 s an answer, leases of 1.5 s (the request timeout, no margin): the second judge order
    // is leased with the first at the start, waits 1 s for its turn, and without a renewal would still be out
    // when its lease ran out (at 1.5 s, answered at 2 s), free for another driver to make again.
    const fake = await startFakeOpenAIServer({ seed: 22, latencyMs: 1000 });
    server = fake;
    const { name, version } = await makeTestset(1);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const [item] = await db.testItem.findMany({ where: { versionId: version.id } });
    if (!item) throw new Error("the test set has an item");
    const run = await startEvalRun(
      admin,
      {
        testset: name,
        reference: "gpt-4",
        candidate: {
          fileName: "outputs.json",
          text: JSON.stringify([
            { instruction: item.instruction, output: "Rest and fluids.", generator: "m" },
          ]),
        },
        judgeModel: "judge-lease",
        settings: { judgeBaseUrl: fake.baseUrl, concurrency: 1, requestTimeoutMs: 1500, retryBaseMs: 10 },
      },
      { driver: "caller" },
    );
    let done = false;
    const drive = driveEvalRun(run.id, { leaseMarginMs: 0 }).finally(() => {
      done = true;
    });
    const expired: string[] = [];
    while (!done) {
      const rows = await db.$queryRaw<{ key: string }[]>`
        SELECT key FROM "EvalCall"
         WHERE "itemId" = ${item.id} AND status = 'RUNNING' AND "leaseUntil" < now()`;
      expired.push(...rows.map((r) => r.key));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await drive).toBe("COMPLETED");
    expect(fake.stats.judgeRequests).toBe(2);
    expect(expired).toEqual([]);
  }, 120_000);
});
