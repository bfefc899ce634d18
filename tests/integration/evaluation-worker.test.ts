import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enqueueEvalRun } from "@/lib/evaluation/queue";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { stopQueue } from "@/lib/queue/boss";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";

// The durable path: a run queued on pg-boss, driven by a separate `npm run worker` that is killed (SIGKILL:
// no clean-up at all) mid-run; a second worker finishes it from the call cache. No finished call is made
// again: the only repeated requests are those the dead worker had in flight.

let server: FakeServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 7, latencyMs: 120 });
});
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {}
    }
  await stopQueue();
  await server.close();
});

function startWorker(): { child: ChildProcess; output: () => string } {
  const child = spawn("npm", ["run", "--silent", "worker"], {
    detached: true,
    env: {
      ...process.env,
      MEDSEED_EVAL_STALE_MS: "1500",
      MEDSEED_EVAL_SWEEP_MS: "500",
      MEDSEED_EVAL_LEASE_MARGIN_MS: "500",
      MEDSEED_EVAL_HEARTBEAT_MS: "300",
    },
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  return { child, output: () => out };
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  ms: number,
  log: () => string,
) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${log()}`);
}

describe("evaluation worker", () => {
  it("finishes a run after its worker is killed, without making a finished call again", async () => {
    const N = 40;
    const { name, version } = await makeTestset(N);
    const admin = await makeUser({ roles: ["ENGINEER"], label: "evalworker" });
    const run = await startEvalRun(
      admin,
      {
        testset: name,
        reference: "gpt-4",
        candidate: { model: "fake-7b-worker", baseUrl: server.baseUrl },
        judgeModel: "fake-judge-worker",
        settings: { judgeBaseUrl: server.baseUrl, concurrency: 4, requestTimeoutMs: 3000, retryBaseMs: 10 },
      },
      { driver: "caller" },
    );
    await enqueueEvalRun(run.id);
    const itemIds = (await db.testItem.findMany({ where: { versionId: version.id } })).map((i) => i.id);
    const doneCalls = () => db.evalCall.count({ where: { itemId: { in: itemIds }, status: "DONE" } });

    const first = startWorker();
    await waitFor(
      "the first worker to finish 30 calls",
      async () => (await doneCalls()) >= 30,
      120_000,
      first.output,
    );
    process.kill(-(first.child.pid as number), "SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const atKill = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(atKill.state).toBe("RUNNING");
    const leased = await db.evalCall.count({ where: { itemId: { in: itemIds }, status: "RUNNING" } });
    expect(await doneCalls()).toBeLessThan(3 * N);

    const second = startWorker();
    await waitFor(
      "the second worker to complete the run",
      async () => (await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).state === "COMPLETED",
      180_000,
      second.output,
    );
    const calls = await db.evalCall.findMany({ where: { itemId: { in: itemIds } } });
    expect(calls.filter((c) => c.status === "DONE")).toHaveLength(3 * N);
    // Every successful request is one raw answer stored; anything more was in flight when the worker died.
    const answered = calls.reduce((sum, c) => sum + (c.raw as string[]).length, 0);
    const repeated = server.stats.requests - answered;
    expect(repeated).toBeGreaterThanOrEqual(0);
    expect(repeated).toBeLessThanOrEqual(leased);
    // No request body was sent more often than the in-flight ones allow.
    const bodies = new Map<string, number>();
    for (const r of server.requests) {
      const key = JSON.stringify(r.body.messages);
      bodies.set(key, (bodies.get(key) ?? 0) + 1);
    }
    const duplicates = [...bodies.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(leased);

    process.kill(-(second.child.pid as number), "SIGTERM");
    await new Promise((r) => second.child.once("exit", r));
  }, 360_000);
});
