import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetChunks } from "@/lib/dataset/job-download";
import { db } from "@/lib/db";
import { isBudgetPause } from "@/lib/generation/budget-pause";
import { driveJob } from "@/lib/generation/engine/driver";
import { cancelJob } from "@/lib/generation/jobs";
import { resumeGenerationJob } from "@/lib/generation/use-cases/resume-generation-job";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { checkFinishedJob, makeJob } from "@/tests/support/generation";
import { makeUser } from "../support/factories";

let server: FakeServer;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 7, latencyMs: 5 });
});
afterAll(async () => {
  await server.close();
});

describe("generation engine against a local OpenAI-compatible server", () => {
  it("keeps exactly 500 tasks with 10% injected faults, each with a response, every discard on record", async () => {
    server.setOptions({
      faultRate: 0.1,
      faultKinds: ["malformed", "rate_limit", "server_error", "timeout", "truncated", "context_length"],
      timeoutHangMs: 10_000,
      // Random faults may miss the few task requests a job makes; these are sure to hit some.
      taskFaults: ["truncated", "malformed", "truncated"],
    });
    try {
      const { id, seeds } = await makeJob(server.baseUrl, {
        target: 500,
        concurrency: 16,
        // Far above a loaded machine's answer time (800 ms was not: on busy cores plain calls timed out in a
        // row and the job paused at its failure limit) and far below the injected hang, so timeouts are
        // still the injected ones.
        requestTimeoutMs: 3_000,
      });
      const outcome = await driveJob(id);
      const { job, kept, discarded, problems } = await checkFinishedJob(id, seeds);
      expect(problems).toEqual([]);
      expect(outcome).toBe("COMPLETED");
      expect(kept).toHaveLength(500);
      // The faults really happened, and were survived.
      for (const kind of ["rate_limit", "server_error", "timeout", "truncated", "malformed"] as const)
        expect(server.stats.faults[kind], kind).toBeGreaterThan(0);
      expect(job.requestErrors).toBeGreaterThan(0);
      // The server repeats ~10% of tasks: they are discarded as duplicates naming the earlier task.
      const duplicates = discarded.filter((d) => d.reason === "duplicate");
      expect(duplicates.length).toBeGreaterThan(10);
      const keptIds = new Set(kept.map((k) => k.id));
      for (const d of duplicates)
        expect(keptIds.has(d.mostSimilarId as string) || d.mostSimilarId?.startsWith("seed:")).toBe(true);
      // Truncated completions lose their last block, on record.
      expect(discarded.some((d) => d.reason === "truncated")).toBe(true);
      // Provenance: the seeds shown are recorded on each request.
      const request = await db.generationRequest.findFirstOrThrow({ where: { jobId: id, status: "DONE" } });
      expect(request.seedIds).toHaveLength(3);
      expect(request.completion).toBeTruthy();
      // Usage and cost are counted.
      expect(Number(job.promptTokens)).toBeGreaterThan(0);
      const events = await db.generationEvent.count({ where: { jobId: id, level: "warn" } });
      expect(events).toBeGreaterThan(0);
    } finally {
      server.setOptions({ faultRate: 0 });
    }
  }, 180_000);

  it("writes the dataset as Alpaca JSON and as JSONL with provenance", async () => {
    const { id } = await makeJob(server.baseUrl, { target: 30 });
    expect(await driveJob(id)).toBe("COMPLETED");
    let alpaca = "";
    for await (const c of datasetChunks(id, "alpaca")) alpaca += c;
    const records = JSON.parse(alpaca) as Record<string, string>[];
    expect(records).toHaveLength(30);
    for (const r of records) expect(Object.keys(r).sort()).toEqual(["input", "instruction", "output"]);
    let jsonl = "";
    for await (const c of datasetChunks(id, "jsonl")) jsonl += c;
    const lines = jsonl
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(30);
    expect(lines[0].provenance.job).toBe(id);
    expect(lines[0].provenance.seed_ids).toHaveLength(3);
    expect(lines[0].provenance.task_prompt_version).toBeGreaterThanOrEqual(1);
    expect(lines.map((l) => l.instruction)).toEqual(records.map((r) => r.instruction));
    expect(lines.every((l) => l.provenance.excluded === undefined)).toBe(true);

    // A record a reviewer excluded since stays in the job's own output, marked in the JSONL.
    const first = await db.generatedTask.findFirstOrThrow({
      where: { jobId: id, kept: true },
      orderBy: { seq: "asc" },
    });
    await db.generatedTask.update({
      where: { id: first.id },
      data: { excluded: true, excludedReason: "unsafe" },
    });
    let marked = "";
    for await (const c of datasetChunks(id, "jsonl")) marked += c;
    const after = marked
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(after.filter((l) => l.provenance.excluded === true).map((l) => l.instruction)).toEqual([
      first.instruction,
    ]);
  }, 60_000);

  it("replays: the same RNG seed shows the same seeds to the same request", async () => {
    const a = await makeJob(server.baseUrl, { target: 24, rngSeed: 99, concurrency: 1 });
    const b = await makeJob(server.baseUrl, { target: 24, rngSeed: 99, concurrency: 1 });
    await driveJob(a.id);
    await driveJob(b.id);
    const shown = async (jobId: string) =>
      (await db.generationRequest.findMany({ where: { jobId }, orderBy: { index: "asc" }, take: 2 })).map(
        (r) => r.seedIds,
      );
    expect(await shown(a.id)).toEqual(await shown(b.id));
  }, 60_000);

  it("pauses at the budget cap instead of spending more", async () => {
    // The price table has no "fake" models; price them through a model name it knows.
    const { id } = await makeJob(server.baseUrl, {
      target: 400,
      taskModel: "gpt-4",
      responseModel: "gpt-4",
      budgetUsd: 2,
    });
    expect(await driveJob(id)).toBe("PAUSED");
    const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
    expect(job.error).toMatch(/budget/i);
    expect(isBudgetPause(job.error)).toBe(true); // what the resume form goes by
    expect(job.keptCount).toBeLessThan(400);
    expect(job.costUsd).toBeGreaterThan(0.5);
    // Calls are only started when even their longest answer fits in what is left.
    expect(job.costUsd).toBeLessThanOrEqual(2);
    // Resuming with a budget not above what is spent is refused (it would pause again at once), saying so.
    const admin = await makeUser({ roles: ["ADMIN"] });
    await expect(
      resumeGenerationJob(admin, { jobId: id, budgetUsd: job.costUsd }, { driver: "caller" }),
    ).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/already spent/) });
    expect((await db.generationJob.findUniqueOrThrow({ where: { id } })).state).toBe("PAUSED");
  }, 60_000);

  it("pauses with the error shown after repeated failures, never finishing short", async () => {
    server.setOptions({ faultRate: 1, faultKinds: ["server_error"] });
    try {
      const { id } = await makeJob(server.baseUrl, { target: 50, failureLimit: 5, concurrency: 2 });
      expect(await driveJob(id)).toBe("PAUSED");
      const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
      expect(job.state).toBe("PAUSED");
      expect(job.error).toMatch(/failed/);
      expect(job.keptCount).toBe(0);
    } finally {
      server.setOptions({ faultRate: 0 });
    }
  }, 60_000);

  it("pauses at once on a refused API key, saying so", async () => {
    server.setOptions({ apiKey: "sk-right" });
    try {
      const { id } = await makeJob(server.baseUrl, { target: 10 });
      expect(await driveJob(id, { apiKey: "sk-wrong-key-123" })).toBe("PAUSED");
      const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
      expect(job.error).toBeTruthy();
      expect(job.error).not.toContain("sk-wrong-key-123");
    } finally {
      server.setOptions({ apiKey: undefined });
    }
  }, 60_000);

  it("stops when cancelled, keeping what was kept", async () => {
    server.setOptions({ latencyMs: 100 });
    try {
      const { id, admin } = await makeJob(server.baseUrl, { target: 2000, concurrency: 4 });
      const run = driveJob(id);
      await new Promise((r) => setTimeout(r, 1500));
      await cancelJob(id, admin);
      expect(await run).toBe("CANCELLED");
      const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
      expect(job.state).toBe("CANCELLED");
      expect(job.keptCount).toBeLessThan(2000);
    } finally {
      server.setOptions({ latencyMs: 5 });
    }
  }, 60_000);

  it("lets two drivers share one job without duplicates or loss", async () => {
    const { id, seeds } = await makeJob(server.baseUrl, { target: 200, concurrency: 6 });
    const [a, b] = await Promise.all([driveJob(id), driveJob(id)]);
    expect([a, b]).toEqual(["COMPLETED", "COMPLETED"]);
    const { problems } = await checkFinishedJob(id, seeds);
    expect(problems).toEqual([]);
  }, 120_000);
});
