import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enqueueJob, stopQueue } from "@/lib/generation/queue";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { checkFinishedJob, makeJob } from "@/tests/support/generation";

// The durable path end to end: a job queued on pg-boss, driven by a separate `npm run worker` process that is
// killed (SIGKILL: no clean-up at all) in the middle; a second worker finishes the same job, and the result
// has every task once: nothing lost, nothing twice.

let server: FakeServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 11, latencyMs: 40 });
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
    detached: true, // its own process group, so the kill reaches tsx's node child too
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL,
      MEDSEED_GENERATION_STALE_MS: "1500",
      MEDSEED_GENERATION_SWEEP_MS: "500",
      MEDSEED_GENERATION_LEASE_MARGIN_MS: "500",
      MEDSEED_GENERATION_HEARTBEAT_MS: "300",
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
): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${log()}`);
}

describe("generation worker", () => {
  it("finishes a job without duplicates or loss after its worker is killed mid-job", async () => {
    const { id, seeds } = await makeJob(server.baseUrl, { target: 300, concurrency: 4 });
    await enqueueJob(id);

    const first = startWorker();
    const progressed = await waitFor(
      "the first worker to keep 60 tasks",
      async () => {
        const j = await db.generationJob.findUniqueOrThrow({ where: { id } });
        return j.keptCount >= 60 && j.responsesDone >= 10 ? j : null;
      },
      90_000,
      first.output,
    );
    process.kill(-(first.child.pid as number), "SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const atKill = await db.generationJob.findUniqueOrThrow({ where: { id } });
    expect(atKill.state).toBe("RUNNING");
    expect(atKill.keptCount).toBeGreaterThanOrEqual(progressed.keptCount);
    expect(atKill.responsesDone).toBeLessThan(300);
    // Calls were in flight: their units are still leased to the dead worker.
    const leased = await db.generationRequest.count({ where: { jobId: id, status: "RUNNING" } });
    const leasedResponses = await db.generatedTask.count({ where: { jobId: id, responseStatus: "RUNNING" } });
    expect(leased + leasedResponses).toBeGreaterThan(0);

    const second = startWorker();
    await waitFor(
      "the second worker to complete the job",
      async () => (await db.generationJob.findUniqueOrThrow({ where: { id } })).state === "COMPLETED",
      120_000,
      second.output,
    );
    const { problems, kept } = await checkFinishedJob(id, seeds);
    expect(problems).toEqual([]);
    expect(kept).toHaveLength(300);
    // Each request index exists once and was admitted once.
    const requests = await db.generationRequest.findMany({
      where: { jobId: id },
      select: { index: true, admitted: true, status: true },
    });
    expect(new Set(requests.map((r) => r.index)).size).toBe(requests.length);
    expect(requests.filter((r) => r.status === "DONE").every((r) => r.admitted)).toBe(true);

    process.kill(-(second.child.pid as number), "SIGTERM");
    const code = await new Promise((r) => second.child.once("exit", (c) => r(c)));
    expect(second.output()).toContain("stopped.");
    expect(code).toBe(0);
  }, 240_000);
});
