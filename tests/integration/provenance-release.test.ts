import { gunzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { buildRelease } from "@/lib/dataset/releases/build";
import { getRelease } from "@/lib/dataset/releases/store";
import { publishRelease } from "@/lib/dataset/use-cases/publish-release";
import { db } from "@/lib/db";
import { exportedSeeds } from "@/lib/exports/exported-seeds";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { getExport } from "@/lib/exports/use-cases/get-export";
import { driveJob } from "@/lib/generation/engine/driver";
import { createJob } from "@/lib/generation/jobs";
import { stopQueue } from "@/lib/queue/boss";
import { ALPACARE_CITATION } from "@/lib/seeds/import/source";
import { createSeedInTx } from "@/lib/seeds/mutations";
import { updateSeedTask } from "@/lib/seeds/use-cases/update-seed-task";
import { jobSettingsSchema } from "@/lib/validation/generation";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";

// Exports and releases carry the licences and citations of the seeds they hold (issue 15).

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 5, latencyMs: 2 });
});
afterAll(async () => {
  await stopQueue();
  await server.close();
});

const WORDS =
  "asthma insulin sepsis warfarin stroke anemia migraine pneumonia lupus gout thyroid eczema".split(" ");

async function seedSet(admin: Actor, topic: string) {
  for (let i = 0; i < 12; i++) {
    const nc = i % 2 === 0;
    await db.$transaction((tx) =>
      createSeedInTx(
        tx,
        {
          instruction: `Seed ${topic} ${i}: explain ${WORDS[i]} and ${WORDS[(i * 5 + 1) % WORDS.length]} for case ${i * 17}.`,
          input: "",
          output: "",
          topic,
          view: i % 3 ? "Patient" : "Nurse",
          taskType: "Open Q&A",
          difficulty: (i % 5) + 1,
          note: "",
          sourceKind: nc ? "PUBLIC_DATASET" : "OWN_EXPERIENCE",
          citation: nc ? ALPACARE_CITATION : "",
          citationUrl: nc ? "https://arxiv.org/abs/2310.14558" : "",
          licence: nc ? "CC-BY-NC-4.0" : "internal",
          adapted: nc && i % 4 === 0,
        },
        admin,
        { status: "APPROVED" },
      ),
    );
  }
}

describe("exports and releases carry their seeds' licences", () => {
  it("an export states them (as exported, not as edited later), its JSONL rows carry them, and the release and card say non-commercial", async () => {
    const admin = await makeUser({ roles: ["ADMIN"], label: "prov" });
    const topic = `Provenance ${Math.random().toString(36).slice(2, 8)}`;
    await seedSet(admin, topic);

    const exp = await createExport(admin, { format: "jsonl", filter: { topic, difficulty: [] } });
    const chunks = await db.seedExportChunk.findMany({
      where: { exportId: exp.id },
      orderBy: { seq: "asc" },
    });
    const text = Buffer.from(gunzipSync(Buffer.concat(chunks.map((c) => Buffer.from(c.data))))).toString(
      "utf8",
    );
    const rows = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.licence === "CC-BY-NC-4.0")).toHaveLength(6);
    expect(rows.find((r) => r.licence === "CC-BY-NC-4.0")).toMatchObject({
      source_kind: "PUBLIC_DATASET",
      citation: ALPACARE_CITATION,
      citation_url: "https://arxiv.org/abs/2310.14558",
    });

    // Editing a seed afterwards changes the seed, not what the export holds.
    const seed = await db.seedTask.findFirstOrThrow({ where: { topic, licence: "internal" } });
    await updateSeedTask(admin, { id: seed.id, version: seed.version, licence: "MIT" });
    const detail = await getExport(admin, { exportId: exp.id });
    expect(detail?.sources.licences).toEqual([
      { licence: "CC-BY-NC-4.0", seeds: 6, nonCommercial: true },
      { licence: "internal", seeds: 6, nonCommercial: false },
    ]);
    expect(detail?.sources.nonCommercial).toBe(true);
    expect(detail?.sources.sources.find((s) => s.adapted)).toMatchObject({
      licence: "CC-BY-NC-4.0",
      seeds: 3,
    });

    // A job from that export, then a release of it.
    const frozen = await exportedSeeds({ id: exp.id });
    const settings = jobSettingsSchema.parse({
      provider: { kind: "openai-compatible", baseUrl: server.baseUrl },
      taskModel: "fake-gpt-4",
      responseModel: "fake-gpt-3.5",
      requestTimeoutMs: 5_000,
      retryBaseMs: 10,
      rngSeed: 3,
      target: 8,
      concurrency: 2,
    });
    const job = await createJob(
      { seeds: frozen.seeds, seedSource: `export #${frozen.number}`, exportId: exp.id },
      settings,
      admin,
    );
    expect(await driveJob(job.id)).toBe("COMPLETED");

    // A licence granting commercial use over NonCommercial seeds is refused before anything is made, every
    // time it is asked; a NonCommercial one, or none (the seeds' terms carry over), is published.
    const releasesBefore = await db.datasetRelease.count();
    for (const license of ["MIT", "cc-by-4.0", "apache-2.0"])
      await expect(
        publishRelease(
          admin,
          { name: "Too open", jobIds: [job.id], threshold: 0.7, license },
          { build: "caller" },
        ),
      ).rejects.toMatchObject({
        code: "INVALID",
        message: expect.stringContaining("CC-BY-NC-4.0"),
        fieldErrors: { license: [expect.stringContaining("NonCommercial")] },
      });
    expect(await db.datasetRelease.count()).toBe(releasesBefore);
    const ncLicensed = await publishRelease(
      admin,
      { name: "NC licensed", jobIds: [job.id], threshold: 0.7, license: "cc-by-nc-4.0" },
      { build: "caller" },
    );
    expect(ncLicensed.nonCommercial).toBe(true);

    const published = await publishRelease(
      admin,
      { name: "Provenance pilot", jobIds: [job.id], threshold: 0.7, license: undefined },
      { build: "caller" },
    );
    expect(published.nonCommercial).toBe(true);
    expect(published.warnings[0]).toMatch(/^Non-commercial: 6 seeds under CC-BY-NC-4\.0/);
    await buildRelease(published.id);
    const release = await getRelease(published.id);
    expect(release?.state).toBe("READY");
    expect(release?.nonCommercial).toBe(true);
    expect(release?.sources?.seeds).toBe(12);
    const card = release?.card ?? "";
    expect(card).not.toContain("TODO (licence)");
    expect(card).not.toContain("TODO(licence)");
    expect(card).toMatch(/^license: other\nlicense_name: mixed-sources-non-commercial$/m);
    expect(card).toMatch(/^- non-commercial$/m);
    expect(card).toContain("## Licence");
    expect(card).toContain("> **Non-commercial.**");
    expect(card).toContain("| CC-BY-NC-4.0 | yes | 6 |");
    expect(card).toContain("| Internal (not licensed) | no | 6 |");
    expect(card).toContain("## Sources");
    expect(card).toContain("| Public dataset |");
    expect(card).toContain("arXiv:2310.14558");
    expect(card).toContain("| Own clinical experience | – | Internal (not licensed) | no | 6 |");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: published.id, action: "dataset.release.create" },
    });
    expect(audit.after).toMatchObject({ nonCommercial: true });
  }, 120_000);
});
