import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as commandRoute } from "@/app/api/v1/generation/jobs/[id]/[command]/route";
import { GET as datasetRoute } from "@/app/api/v1/generation/jobs/[id]/dataset/route";
import { GET as jobRoute } from "@/app/api/v1/generation/jobs/[id]/route";
import { GET as listRoute, POST as startRoute } from "@/app/api/v1/generation/jobs/route";
import { db } from "@/lib/db";
import { exportedSeeds } from "@/lib/exports/exported-seeds";
import { createExport } from "@/lib/exports/store";
import { saveCredential } from "@/lib/generation/credentials";
import { driveJob } from "@/lib/generation/engine/driver";
import { cancelJob, estimateJob, pauseJob, resumeJob } from "@/lib/generation/jobs";
import { savePrices } from "@/lib/generation/prices-store";
import { currentPrompt, savePrompt } from "@/lib/generation/prompts";
import { stopQueue } from "@/lib/generation/queue";
import { startGenerationJob } from "@/lib/generation/use-cases/start-generation-job";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { jobSettingsSchema } from "@/lib/validation/generation";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { checkFinishedJob, makeJob, syntheticSeeds } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Prompt versions and prices are global: this file has a database of its own.
isolateDatabase();

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 3 });
});
afterAll(async () => {
  await stopQueue();
  await server.close();
});

async function approvedExport() {
  const admin = await makeUser({ roles: ["ADMIN"] });
  for (const [i, s] of syntheticSeeds(6).entries()) {
    await db.seedTask.create({
      data: {
        instruction: s.instruction,
        input: s.input,
        topic: s.topic,
        view: s.view,
        taskType: s.taskType,
        difficulty: s.difficulty,
        status: "APPROVED",
        authorId: admin.id,
        contentHash: seedContentHash(s.instruction, `${s.input}${i}`),
      },
    });
  }
  const e = await createExport("alpacare", { difficulty: [] }, admin);
  return { admin, exportId: e.id };
}

const call = (
  route: (req: Request, ctx: never) => Promise<Response>,
  url: string,
  params: object,
  body?: unknown,
) =>
  route(
    new Request(`http://localhost${url}`, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) } as never,
  );

describe("generation jobs", () => {
  it("takes the seeds of an export at their exported revision", async () => {
    const { exportId } = await approvedExport();
    const { seeds } = await exportedSeeds({ id: exportId });
    expect(seeds).toHaveLength(6);
    expect(seeds[0]).toMatchObject({
      instruction: expect.stringContaining("Seed task"),
      taskType: expect.any(String),
    });
  });

  it("estimates without sending anything: the exact first prompt, tokens and cost", async () => {
    const before = server.stats.requests;
    const seeds = syntheticSeeds(8);
    const e = await estimateJob(seeds, jobSettingsSchema.parse({ target: 120, rngSeed: 5 }));
    expect(server.stats.requests).toBe(before);
    const user = e.firstPrompt.at(-1)?.content ?? "";
    expect(user).toMatch(/###\n1\. Type: /);
    expect(user.trimEnd()).toMatch(/4\. Type:$/);
    expect(seeds.filter((s) => user.includes(s.instruction))).toHaveLength(3);
    expect(e.stop).toEqual(["16. Type:"]);
    expect(e.requests).toBe(Math.ceil(120 / (12 * 0.7)));
    expect(e.costUsd).toBeGreaterThan(0); // gpt-4 and gpt-3.5-turbo are priced
    expect(e.warnings.join(" ")).not.toContain("above the budget");
    // A budget under the estimate is said before the start, with how far the job gets.
    const cost = e.costUsd as number;
    const low = await estimateJob(
      seeds,
      jobSettingsSchema.parse({ target: 120, rngSeed: 5, budgetUsd: (cost / 4).toFixed(2) }),
    );
    expect(low.costUsd).toBe(cost);
    expect(low.warnings.find((w) => w.includes("above the budget"))).toMatch(
      /^The estimate \(\$[\d.]+\) is above the budget \(\$[\d.]+\): the job pauses once it has spent the budget, about 2[45]% of the way/,
    );
    const enough = await estimateJob(
      seeds,
      jobSettingsSchema.parse({ target: 120, rngSeed: 5, budgetUsd: (cost * 2).toFixed(2) }),
    );
    expect(enough.warnings.join(" ")).not.toContain("above the budget");
    const unknown = await estimateJob(seeds, jobSettingsSchema.parse({ taskModel: "my-local-model" }));
    expect(unknown.costUsd).toBeNull();
    expect(unknown.warnings.join(" ")).toContain('No price for "my-local-model"');
  });

  it("refuses a budget that cannot pay for one call at the start, and warns of it in the estimate", async () => {
    // The walk's job #14: "Start job" with $0.20 on gpt-4 started, then paused at once, "$0.00 spent".
    const { admin, exportId } = await approvedExport();
    signInAs(admin);
    const jobs = await db.generationJob.count();
    const start = (budgetUsd: number) =>
      call(
        startRoute,
        "/api/v1/generation/jobs",
        {},
        { exportId, settings: { target: 8, rngSeed: 3, budgetUsd } },
      );
    const refused = await start(0.2);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { message: string; fields: Record<string, string[]> } };
    expect(body.error.message).toMatch(
      /^A budget of \$0\.2000 cannot pay for one call: a task request to gpt-4 can cost up to \$0\.\d+/,
    );
    expect(body.error.fields).toHaveProperty("budgetUsd");
    expect(await db.generationJob.count()).toBe(jobs);
    const needed = Number(/up to \$([\d.]+)/.exec(body.error.message)?.[1]);
    expect(needed).toBeGreaterThan(0.2);
    // The estimate says the same before anyone presses Start.
    const seeds = (await exportedSeeds({ id: exportId })).seeds;
    const low = await estimateJob(seeds, jobSettingsSchema.parse({ target: 8, rngSeed: 3, budgetUsd: 0.2 }));
    expect(low.warnings.join(" ")).toContain("cannot pay for one call");
    // Enough for the first call (if not for the job): started, as the budget cap is the person's to set. The
    // least the refusal names is enough itself (rounded up to a cent, not to the nearest).
    const least = Number(/Enter at least \$([\d.]+)/.exec(body.error.message)?.[1]);
    expect(least).toBeGreaterThanOrEqual(needed);
    const ok = await start(least);
    expect(ok.status).toBe(201);
    // With no random seed given, the seed is drawn before the check, and the job keeps that one: the budget was
    // checked against the first prompt the job sends.
    const unseeded = await call(
      startRoute,
      "/api/v1/generation/jobs",
      {},
      { exportId, settings: { target: 8, budgetUsd: 50 } },
    );
    expect(unseeded.status).toBe(201);
    const { data: drawn } = (await unseeded.json()) as { data: { id: string } };
    const stored = await db.generationJob.findUniqueOrThrow({ where: { id: drawn.id } });
    expect((stored.settings as { rngSeed?: number }).rngSeed).toEqual(expect.any(Number));
    const roomy = await estimateJob(seeds, jobSettingsSchema.parse({ target: 8, rngSeed: 3, budgetUsd: 50 }));
    expect(roomy.warnings.join(" ")).not.toContain("cannot pay for one call");
  });

  it("a job with no API key anywhere pauses saying where a key can be stored", async () => {
    const { admin, exportId } = await approvedExport();
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const { id } = await startGenerationJob(
        admin,
        {
          exportId,
          settings: jobSettingsSchema.parse({ target: 4, provider: { kind: "openai" } }),
        },
        { driver: "caller" },
      );
      expect(await driveJob(id)).toBe("PAUSED");
      const { error } = await db.generationJob.findUniqueOrThrow({ where: { id } });
      // It said "Admin > Settings", where no key can be stored.
      expect(error).toContain("No API key for OpenAI: set OPENAI_API_KEY for the worker");
      expect(error).toContain("/generation/settings");
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it("refuses seeds per request above the export's size, naming the field", async () => {
    const { admin } = await approvedExport();
    await expect(
      makeJob(server.baseUrl, { seedsPerRequest: 5 }, syntheticSeeds(3)).then(() => admin),
    ).rejects.toThrow(/only 3/);
  });

  it("moves through pause, resume and cancel, refusing what the state does not allow", async () => {
    const { id, admin } = await makeJob(server.baseUrl, { target: 10 });
    await pauseJob(id, admin);
    await expect(pauseJob(id, admin)).rejects.toThrow(/paused, so it cannot pause/);
    await db.generationRequest.create({ data: { jobId: id, index: 0, maxTokens: 100, attempts: 5 } });
    await resumeJob(id, admin);
    // A fresh start for retries: attempts reset, so one more failure does not pause it again at once.
    expect((await db.generationRequest.findFirstOrThrow({ where: { jobId: id } })).attempts).toBe(0);
    expect((await db.generationJob.findUniqueOrThrow({ where: { id } })).state).toBe("RUNNING");
    await cancelJob(id, admin);
    await expect(resumeJob(id, admin)).rejects.toThrow(/cancelled/);
    const audit = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "generation.start",
      "generation.pause",
      "generation.resume",
      "generation.cancel",
    ]);
  });

  it("versions prompts: edits add a version, stale edits and broken templates are refused", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const v1 = await currentPrompt("TASK");
    const saved = await savePrompt(
      "TASK",
      { system: `${v1.system} Be concise.`, user: v1.user, basedOn: v1.version },
      admin.id,
    );
    expect(saved.version).toBe(v1.version + 1);
    await expect(
      savePrompt("TASK", { system: "x", user: v1.user, basedOn: v1.version }, admin.id),
    ).rejects.toThrow(/was saved while you edited/);
    await expect(
      savePrompt("TASK", { system: "x", user: "no placeholders", basedOn: saved.version }, admin.id),
    ).rejects.toThrow(/seed_blocks/);
    // A job records the version it started with.
    const { id } = await makeJob(server.baseUrl, { target: 5 });
    const job = await db.generationJob.findUniqueOrThrow({ where: { id }, include: { taskPrompt: true } });
    expect(job.taskPrompt.version).toBe(saved.version);
  });

  it("keeps an editable price table and explains a bad one", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    await expect(savePrices("{", admin.id)).rejects.toThrow(/not valid JSON/);
    await expect(savePrices('{"m": {"input": -1, "output": 1}}', admin.id)).rejects.toThrow(/m\.input/);
    await savePrices(
      '{"fake-gpt-4": {"input": 1000, "output": 1000}, "fake-gpt-3.5": {"input": 0, "output": 0}}',
      admin.id,
    );
    const { id } = await makeJob(server.baseUrl, { target: 12 });
    expect(await driveJob(id)).toBe("COMPLETED");
    const job = await db.generationJob.findUniqueOrThrow({ where: { id } });
    const requests = await db.generationRequest.findMany({ where: { jobId: id, status: "DONE" } });
    const tokens = requests.reduce((n, r) => n + (r.promptTokens ?? 0) + (r.completionTokens ?? 0), 0);
    expect(job.costUsd).toBeCloseTo((tokens * 1000) / 1_000_000, 6);
    await savePrices("{}", admin.id);
  });

  it("stores API keys encrypted and the worker uses them", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const secret = "sk-stored-secret-key-000";
    const saved = process.env.MEDSEED_ENCRYPTION_KEY;
    delete process.env.MEDSEED_ENCRYPTION_KEY;
    await expect(
      saveCredential({ name: "k0", kind: "openai-compatible", apiKey: secret }, admin.id),
    ).rejects.toThrow(/MEDSEED_ENCRYPTION_KEY/);
    process.env.MEDSEED_ENCRYPTION_KEY = randomBytes(32).toString("base64");
    server.setOptions({ apiKey: secret });
    try {
      await saveCredential({ name: "k1", kind: "openai-compatible", apiKey: secret }, admin.id);
      const row = await db.providerCredential.findUniqueOrThrow({ where: { name: "k1" } });
      expect(row.encryptedKey).not.toContain(secret);
      expect(row.keyHint).toBe("…-000");
      const { id } = await makeJob(server.baseUrl, {
        target: 6,
        provider: { kind: "openai-compatible", baseUrl: server.baseUrl, credentialId: row.id },
      });
      expect(await driveJob(id)).toBe("COMPLETED");
    } finally {
      server.setOptions({ apiKey: undefined });
      if (saved === undefined) delete process.env.MEDSEED_ENCRYPTION_KEY;
      else process.env.MEDSEED_ENCRYPTION_KEY = saved;
    }
  });
});

describe("generation API", () => {
  it("refuses without a session (401) and without the role (403)", async () => {
    signInAs(null);
    expect((await call(listRoute, "/api/v1/generation/jobs", {})).status).toBe(401);
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    expect((await call(listRoute, "/api/v1/generation/jobs", {})).status).toBe(403);
    expect((await call(startRoute, "/api/v1/generation/jobs", {}, { exportId: "x" })).status).toBe(403);
  });

  it("starts a job from an export, shows it, commands it and serves its dataset", async () => {
    const { admin, exportId } = await approvedExport();
    signInAs(admin);
    const bad = await call(startRoute, "/api/v1/generation/jobs", {}, { exportId, settings: { target: 0 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("Target: at least 1");
    const res = await call(
      startRoute,
      "/api/v1/generation/jobs",
      {},
      {
        exportId,
        settings: {
          target: 8,
          provider: { kind: "openai-compatible", baseUrl: server.baseUrl },
          taskModel: "m",
          responseModel: "m",
          retryBaseMs: 10,
        },
      },
    );
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string } };
    // The job was only queued; drive it here (no worker in this test process).
    expect((await db.generationJob.findUniqueOrThrow({ where: { id: data.id } })).state).toBe("QUEUED");
    expect(await driveJob(data.id)).toBe("COMPLETED");
    const { problems, job } = await checkFinishedJob(data.id, (await exportedSeeds({ id: exportId })).seeds);
    expect(problems).toEqual([]);
    const view = (await (
      await call(jobRoute, `/api/v1/generation/jobs/${data.id}`, { id: data.id })
    ).json()) as {
      data: { state: string; keptCount: number; settings: Record<string, unknown> };
    };
    expect(view.data).toMatchObject({ state: "COMPLETED", keptCount: 8 });
    // The log's count is the whole log's, however many entries the page shows (the newest 50).
    await db.generationEvent.createMany({
      data: Array.from({ length: 60 }, (_, n) => ({ jobId: data.id, level: "info", message: `entry ${n}` })),
    });
    const logged = await db.generationEvent.count({ where: { jobId: data.id } });
    const log = (
      (await (await call(jobRoute, `/api/v1/generation/jobs/${data.id}`, { id: data.id })).json()) as {
        data: { eventCount: number; events: { message: string }[] };
      }
    ).data;
    expect(log.eventCount).toBe(logged);
    expect(log.events).toHaveLength(50);
    expect(log.events[0]?.message).toBe("entry 59");
    const cancel = await call(
      commandRoute,
      `/api/v1/generation/jobs/${data.id}/cancel`,
      { id: data.id, command: "cancel" },
      {},
    );
    expect(cancel.status).toBe(409);
    const dataset = await call(datasetRoute, `/api/v1/generation/jobs/${data.id}/dataset?format=jsonl`, {
      id: data.id,
    });
    expect(dataset.headers.get("content-disposition")).toContain(
      `medseed-generation-${job.number}-jsonl.jsonl`,
    );
    expect((await dataset.text()).trim().split("\n")).toHaveLength(8);
    const badFormat = await call(datasetRoute, `/api/v1/generation/jobs/${data.id}/dataset?format=csv`, {
      id: data.id,
    });
    expect(badFormat.status).toBe(400);
  });
});
