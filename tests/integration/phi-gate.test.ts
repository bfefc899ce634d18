import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { exportItems } from "@/lib/exports/store";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { driveJob } from "@/lib/generation/engine/driver";
import { resumeGenerationJob } from "@/lib/generation/use-cases/resume-generation-job";
import { setProviderEndpointTrust } from "@/lib/generation/use-cases/set-endpoint-trust";
import { startGenerationJob } from "@/lib/generation/use-cases/start-generation-job";
import { markNotPhi } from "@/lib/phi/use-cases/mark-not-phi";
import { jobSettingsSchema } from "@/lib/validation/generation";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

// The PHI gate in the provider layer: a job whose export holds a seed with an unresolved finding pauses
// before any request reaches the provider (the local OpenAI-compatible server's log stays empty), naming the
// seed and the span, and runs once the finding is resolved and the job resumed. A trusted endpoint warns.
// Own database: exports take every approved seed.
isolateDatabase();

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 11, latencyMs: 2 });
});
afterAll(async () => {
  await server.close();
});

const PHONE = "555-201-3344";

/**
 * An export of 3 clean approved seeds (so every task request shows all three), then one of them changed under
 * it as if exported before screening existed.
 */
async function exportWithPhi(admin: Actor) {
  const exp = await cleanExport(admin);
  const item = (await exportItems(exp.exportId))[1];
  if (!item) throw new Error("the export holds fewer than 2 seeds");
  const input = `Call the daughter on ${PHONE} before discharge.`;
  await db.seedTask.update({ where: { id: item.seedId }, data: { input } });
  await db.seedRevision.updateMany({
    where: { seedId: item.seedId, version: item.version },
    data: { input },
  });
  // A seed made without a revision row exports its current content (lib/exports/exported-seeds.ts).
  return { exportId: exp.exportId, phiSeedId: item.seedId };
}

/** An export of 3 clean approved seeds. */
async function cleanExport(admin: Actor) {
  const topic = `Internal medicine ${Math.random()}`;
  for (let i = 0; i < 3; i++)
    await db.seedTask.create({
      data: {
        instruction: `Explain the first-line management of condition ${i} (${Math.random()}).`,
        topic,
        view: "Nurse",
        taskType: "Open Q&A",
        difficulty: (i % 5) + 1,
        status: "APPROVED",
        contentHash: `h-${Math.random()}`,
        authorId: admin.id,
      },
    });
  const exp = await createExport(admin, { format: "jsonl", filter: { topic, difficulty: [] } });
  return { exportId: exp.id };
}

const settings = (extra: Record<string, unknown> = {}) =>
  jobSettingsSchema.parse({
    ...extra,
    provider: { kind: "openai-compatible", baseUrl: server.baseUrl },
    taskModel: "fake-gpt-4",
    responseModel: "fake-gpt-3.5",
    requestTimeoutMs: 5_000,
    retryBaseMs: 10,
    rngSeed: 42,
    target: 12,
    concurrency: 4,
  });

describe("the PHI gate", () => {
  it("pauses before any request is sent, naming seed and span; resolved and resumed, the job runs", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
    const { exportId, phiSeedId } = await exportWithPhi(actor);
    server.requests.length = 0;
    const sentBefore = server.stats.requests;

    const job = await startGenerationJob(actor, { exportId, settings: settings() }, { driver: "caller" });
    expect(await driveJob(job.id)).toBe("PAUSED");
    expect(server.stats.requests).toBe(sentBefore);
    expect(server.requests).toEqual([]);
    const paused = await db.generationJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(paused.state).toBe("PAUSED");
    expect(paused.error).toContain(`PHONE "${PHONE}" in seed ${phiSeedId}, input`);
    expect(paused.phiBlock).toMatchObject({
      category: "PHONE",
      text: PHONE,
      source: { targetId: phiSeedId },
    });
    expect(await db.generationRequest.count({ where: { jobId: job.id } })).toBe(0);

    // Resumed without resolving: paused again, still nothing sent (ten times over).
    for (let i = 0; i < 10; i++) {
      await resumeGenerationJob(actor, { jobId: job.id }, { driver: "caller" });
      expect(await driveJob(job.id)).toBe("PAUSED");
    }
    expect(server.requests).toEqual([]);

    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    await markNotPhi(
      { id: reviewer.id, roles: ["REVIEWER"] },
      {
        targetType: "seed",
        targetId: phiSeedId,
        field: "input",
        category: "PHONE",
        text: PHONE,
        reason: "The ward's public switchboard number, not a patient's",
      },
    );
    await resumeGenerationJob(actor, { jobId: job.id }, { driver: "caller" });
    expect((await db.generationJob.findUniqueOrThrow({ where: { id: job.id } })).phiBlock).toBeNull();
    expect(await driveJob(job.id)).toBe("COMPLETED");
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.some((r) => JSON.stringify(r.body).includes(PHONE))).toBe(true);
  });

  it("an endpoint an admin marked trusted (audited) gets a warning on the job instead of a pause", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const { exportId } = await exportWithPhi(actor);
    await expect(
      setProviderEndpointTrust(
        { id: engineer.id, roles: ["ENGINEER"] },
        { kind: "openai-compatible", baseUrl: server.baseUrl, trusted: true, reason: "local vLLM" },
      ),
    ).rejects.toThrow(/settings\.manage/);
    await setProviderEndpointTrust(actor, {
      kind: "openai-compatible",
      baseUrl: server.baseUrl,
      trusted: true,
      reason: "Local model on our own GPU server",
    });
    expect(await db.auditEvent.count({ where: { action: "phi.endpoint.trust", actorId: admin.id } })).toBe(1);
    try {
      const job = await startGenerationJob(actor, { exportId, settings: settings() }, { driver: "caller" });
      expect(await driveJob(job.id)).toBe("COMPLETED");
      const warned = await db.generationEvent.findFirst({
        where: { jobId: job.id, level: "warn", message: { contains: PHONE } },
      });
      expect(
        warned?.message,
        (await db.generationEvent.findMany({ where: { jobId: job.id } })).map((e) => e.message).join(" | "),
      ).toMatch(/trusted/);
    } finally {
      await setProviderEndpointTrust(actor, {
        kind: "openai-compatible",
        baseUrl: server.baseUrl,
        trusted: false,
        reason: "test over",
      });
    }
  });
  describe("on text the model wrote", () => {
    const OLD_AGE = "A 94-year-old woman presents with new confusion.";
    // Every other task the model writes carries an age over 89 in its input.
    beforeAll(() => server.setOptions({ modelWrites: (t, i) => (i % 2 ? t : { ...t, input: OLD_AGE }) }));
    afterAll(() => server.setOptions({ modelWrites: undefined }));
    const sentWithOldAge = () =>
      server.requests.filter(
        (r) =>
          r.body.messages.at(-1)?.role === "user" &&
          JSON.stringify(r.body.messages.at(-1)).includes("94-year-old"),
      ).length;

    it("pauses by default, naming the generated task; resumed to warn (audited), the job completes", async () => {
      const admin = await makeUser({ roles: ["ADMIN"] });
      const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
      const { exportId } = await cleanExport(actor);
      server.requests.length = 0;
      const job = await startGenerationJob(actor, { exportId, settings: settings() }, { driver: "caller" });
      expect(await driveJob(job.id)).toBe("PAUSED");
      const paused = await db.generationJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(paused.phiBlock).toMatchObject({ category: "AGE_OVER_89", source: { targetType: "generated" } });
      // The task requests carried it back from the model; no response request carried it out.
      expect(sentWithOldAge()).toBe(0);

      await resumeGenerationJob(actor, { jobId: job.id, phiModelText: "warn" }, { driver: "caller" });
      expect(await driveJob(job.id)).toBe("COMPLETED");
      expect(sentWithOldAge()).toBeGreaterThan(0);
      const events = await db.generationEvent.findMany({ where: { jobId: job.id }, orderBy: { at: "asc" } });
      expect(
        events.some(
          (e) => e.level === "warn" && /model-written text.*AGE_OVER_89 "94-year-old"/.test(e.message),
        ),
      ).toBe(true);
      const audit = await db.auditEvent.findFirstOrThrow({
        where: { action: "generation.resume", targetId: job.id, actorId: admin.id },
      });
      expect(audit).toMatchObject({ before: { phiModelText: "pause" }, after: { phiModelText: "warn" } });
      expect((await db.generationJob.findUniqueOrThrow({ where: { id: job.id } })).settings).toMatchObject({
        phiModelText: "warn",
      });
    });

    it("set to warn from the start, the job completes; a seed's finding still stops it", async () => {
      const admin = await makeUser({ roles: ["ADMIN"] });
      const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
      const clean = await cleanExport(actor);
      const job = await startGenerationJob(
        actor,
        { exportId: clean.exportId, settings: settings({ phiModelText: "warn" }) },
        { driver: "caller" },
      );
      expect(await driveJob(job.id)).toBe("COMPLETED");

      const { exportId, phiSeedId } = await exportWithPhi(actor);
      const sent = server.stats.requests;
      const other = await startGenerationJob(
        actor,
        { exportId, settings: settings({ phiModelText: "warn" }) },
        { driver: "caller" },
      );
      expect(await driveJob(other.id)).toBe("PAUSED");
      expect(server.stats.requests).toBe(sent);
      expect((await db.generationJob.findUniqueOrThrow({ where: { id: other.id } })).phiBlock).toMatchObject({
        category: "PHONE",
        source: { targetType: "seed", targetId: phiSeedId },
      });
    });
  });
});
