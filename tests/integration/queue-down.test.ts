import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import { startGenerationJob } from "@/lib/generation/use-cases/start-generation-job";
import { staleWhere } from "@/lib/queue/driven-worker";
import { startRatingJob } from "@/lib/rating/use-cases/start-rating-job";
import { jobSettingsSchema } from "@/lib/validation/generation";
import { startRatingSchema } from "@/lib/validation/rating";
import { startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob, syntheticSeeds } from "../support/generation";

// The queue cannot be reached (pg-boss down, its schema locked, a connection limit): every send fails.
vi.mock("@/lib/queue/boss", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/queue/boss")>()),
  queueBoss: vi.fn(async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
  }),
}));

describe("starting a generation job while the queue cannot be reached", () => {
  it("starts it (saved, queued, for the workers' sweep) rather than saying it failed, so nobody starts a second", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const settings = jobSettingsSchema.parse({
      provider: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1" },
      taskModel: "fake-gpt-4",
      responseModel: "fake-gpt-3.5",
      target: 10,
    });
    const seedSource = `queue-down ${Date.now()}`;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const started = await startGenerationJob(admin, { seeds: syntheticSeeds(), seedSource, settings });
      const jobs = await db.generationJob.findMany({
        where: { seedSource },
        select: { id: true, state: true },
      });
      expect(jobs).toEqual([{ id: started.id, state: "QUEUED" }]);
      expect(errors.mock.calls.flat().join(" ")).toMatch(
        /could not be queued .* the workers' sweep drives it/,
      );
      // What the sweep looks for: a queued job nobody has driven for a while.
      const later = await db.generationJob.findMany({
        where: { AND: [{ id: started.id }, staleWhere(new Date(Date.now() + 60_000))] },
        select: { id: true },
      });
      expect(later).toEqual([{ id: started.id }]);
    } finally {
      errors.mockRestore();
    }
  });

  it("a rating job likewise: started, queued for the sweep, not an error", async () => {
    const server = await startFakeOpenAIServer({ seed: 3, latencyMs: 1 });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const job = await makeJob(server.baseUrl, { target: 5, concurrency: 2 });
      expect(await driveJob(job.id)).toBe("COMPLETED");
      const reviewer = await makeUser({ roles: ["REVIEWER"] });
      const started = await startRatingJob(
        reviewer,
        startRatingSchema.parse({
          generationJobId: job.id,
          settings: { provider: { kind: "openai-compatible", baseUrl: server.baseUrl }, model: "fake-rater" },
        }),
      );
      expect((await db.ratingJob.findUniqueOrThrow({ where: { id: started.id } })).state).toBe("QUEUED");
      expect(errors.mock.calls.flat().join(" ")).toMatch(/rating job .* could not be queued/);
    } finally {
      errors.mockRestore();
      await server.close();
    }
  });
});
