import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { syntheticSeeds } from "../support/generation";
import { npmRun } from "../support/run";

// `medseed generate` as a data person runs it: a seed file in, a local OpenAI-compatible server, the
// Alpaca-format dataset out, through the same engine and database as the app.

let server: FakeServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-generate-"));
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 21, apiKey: "sk-cli-key" });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const seedFile = () => {
  const file = path.join(dir, "med_seed.json");
  const seeds = syntheticSeeds(6).map((s) => ({
    topic: s.topic,
    view: s.view,
    type: s.taskType,
    instruction: s.instruction,
    input: s.input || "<noinput>",
    difficulty: String(s.difficulty),
  }));
  fs.writeFileSync(file, JSON.stringify(seeds, null, 2));
  return file;
};

describe("npm run medseed -- generate", () => {
  it("runs a job from a seed file and writes the Alpaca dataset", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const out = path.join(dir, "dataset.json");
    const r = await npmRun(
      [
        "medseed",
        "--",
        "generate",
        "--seeds",
        seedFile(),
        "--target",
        "20",
        "--base-url",
        server.baseUrl,
        "--model",
        "fake-4",
        "--response-model",
        "fake-3.5",
        "--api-key",
        "sk-cli-key",
        "--seed",
        "1",
        "--concurrency",
        "4",
        "--out",
        out,
        "--author",
        admin.email,
      ],
      {},
      120_000,
    );
    expect(r.stderr).toMatch(/job #\d+ completed: 20 tasks kept/);
    expect(r.code).toBe(0);
    const records = JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, string>[];
    expect(records).toHaveLength(20);
    for (const rec of records) {
      expect(Object.keys(rec).sort()).toEqual(["input", "instruction", "output"]);
      expect(rec.output?.length).toBeGreaterThan(0);
    }
    // Recorded like any job, without the key.
    const job = await db.generationJob.findFirstOrThrow({ where: { creatorId: admin.id } });
    expect(job).toMatchObject({ state: "COMPLETED", keptCount: 20, seedSource: "file med_seed.json" });
    expect(JSON.stringify(job.settings)).not.toContain("sk-cli-key");
    // The analysis the Datasets page reads was made by the command itself (no worker need run).
    expect(await db.datasetAnalysis.findUnique({ where: { jobId: job.id } })).not.toBeNull();

    // Published from the command line, as the Hugging Face folder.
    const zipFile = path.join(dir, "dataset-hf.zip");
    const pub = await npmRun(
      [
        "medseed",
        "--",
        "publish",
        "--job",
        String(job.number),
        "--name",
        "CLI pilot",
        "--format",
        "hf",
        "--out",
        zipFile,
        "--author",
        admin.email,
      ],
      {},
      120_000,
    );
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout).toMatch(/dataset #\d+: 20 records/);
    const zip = unzipSync(new Uint8Array(fs.readFileSync(zipFile)));
    const train = Object.entries(zip).find(([name]) => name.endsWith("/data/train.jsonl"))?.[1];
    expect(
      Buffer.from(train ?? [])
        .toString("utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(20);
    const bad = await npmRun(["medseed", "--", "publish", "--job", "x", "--name", "n", "--out", zipFile], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--job");
  }, 240_000);

  it("explains bad usage with exit code 2", async () => {
    const none = await npmRun(["medseed", "--", "generate", "--target", "5"], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give exactly one of --seeds FILE, --export ID or --resume JOB");
    const compat = await npmRun(
      ["medseed", "--", "generate", "--seeds", seedFile(), "--provider", "openai-compatible"],
      {},
    );
    expect(compat.code).toBe(2);
    expect(compat.stderr).toContain("Base URL");
  });
});
