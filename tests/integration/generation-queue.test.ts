import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pauseJob, resumeJob } from "@/lib/generation/jobs";
import { enqueueJob } from "@/lib/generation/queue";
import { startWorkers, stopQueue, type Workers as Worker } from "@/lib/workers";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeJob } from "@/tests/support/generation";

// The app's in-process worker (lib/generation/queue.ts) on the real pg-boss queue. The sweep that rescues
// undriven jobs is pushed out of reach, so whatever finishes here was driven because of a queue message.

let server: FakeServer;
let worker: Worker;
const env = { ...process.env };

beforeAll(async () => {
  process.env.MEDSEED_GENERATION_SWEEP_MS = "600000";
  process.env.MEDSEED_GENERATION_STALE_MS = "600000";
  server = await startFakeOpenAIServer({ seed: 5, latencyMs: 20 });
  worker = await startWorkers({ jobs: 2, log: () => {} });
});
afterAll(async () => {
  await worker?.stop();
  await stopQueue();
  await server.close();
  process.env = env;
});

async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the generation queue", () => {
  it("drives a queued job to the end", async () => {
    const { id } = await makeJob(server.baseUrl, { target: 12, concurrency: 4 });
    await enqueueJob(id);
    await waitUntil(
      "the job to complete",
      async () => (await db.generationJob.findUniqueOrThrow({ where: { id } })).state === "COMPLETED",
      30_000,
    );
  }, 40_000);

  it("drives a job resumed while its paused driver still waits for calls in flight", async () => {
    // Calls slow enough that the driver is certainly still waiting for them when it is checked below, even when
    // a busy machine stretches the half-second pause to a few seconds.
    server.setOptions({ latencyMs: 8_000 });
    const { id, admin } = await makeJob(server.baseUrl, { target: 12, concurrency: 2 });
    const before = server.stats.taskRequests;
    await enqueueJob(id);
    await waitUntil("a task request in flight", () => server.stats.taskRequests > before, 15_000);
    await pauseJob(id, admin);
    // The driver sees the pause at its next status check and lets its calls finish; resume before they do.
    await new Promise((r) => setTimeout(r, 500));
    expect(worker.driving()).toContain(id);
    await resumeJob(id, admin);
    await enqueueJob(id); // as the resume action and route do
    server.setOptions({ latencyMs: 20 });
    // The message sent by the resume reached a worker that was still driving the job: without a second run
    // after the paused one, nothing would drive it until the sweep (10 minutes here).
    await waitUntil(
      "the resumed job to complete",
      async () => (await db.generationJob.findUniqueOrThrow({ where: { id } })).state === "COMPLETED",
      30_000,
    );
    const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
    expect(job.keptCount).toBe(12);
  }, 90_000);
});
