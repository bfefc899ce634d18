import { createHash } from "node:crypto";
import { gunzipSync, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createReleaseAction,
  editRecordAction,
  excludeRecordAction,
  gradeAction,
  startSpotCheckAction,
} from "@/app/(app)/datasets/actions";
import { computeAnalysis, storedAnalysis } from "@/lib/dataset/analysis-store";
import { editRecord, setExcluded } from "@/lib/dataset/curation";
import { nearestNeighbours } from "@/lib/dataset/neighbours";
import { datasetJobs } from "@/lib/dataset/overview";
import { getRecord, listRecords } from "@/lib/dataset/records";
import { buildRelease } from "@/lib/dataset/releases/build";
import { getRelease, releaseFileStream } from "@/lib/dataset/releases/store";
import { sampleSizeFor } from "@/lib/dataset/sampling";
import { gradeItem, spotCheckSummary } from "@/lib/dataset/spot-checks";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import { stopQueue } from "@/lib/queue/boss";
import { rougeLF1 } from "@/lib/rouge";
import { recordQuerySchema } from "@/lib/validation/dataset";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The generated-dataset area on real jobs made against the local OpenAI-compatible server: browse,
// curate, spot-check, analyse, publish.

let server: FakeServer;
let job: Awaited<ReturnType<typeof makeJob>>;
let reviewer: Awaited<ReturnType<typeof makeUser>>;
const query = (q: Record<string, unknown>) => recordQuerySchema.parse(q);

async function readFile(releaseId: string, format: "alpaca" | "jsonl" | "csv" | "hf") {
  return Buffer.from(await new Response(releaseFileStream(releaseId, format)).arrayBuffer());
}

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 21, latencyMs: 2 });
  job = await makeJob(server.baseUrl, { target: 40, concurrency: 4 });
  expect(await driveJob(job.id)).toBe("COMPLETED");
  reviewer = await makeUser({ roles: ["REVIEWER"], label: "grader" });
}, 60_000);

afterAll(async () => {
  await stopQueue();
  await server.close();
});

describe("the record browser", () => {
  it("lists kept and discarded records of a job, with filters", async () => {
    const kept = await listRecords(query({ job: job.id }));
    expect(kept.total).toBe(40);
    expect(kept.rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const discarded = await listRecords(query({ job: job.id, status: "discarded" }));
    const reasons = await db.generatedTask.count({ where: { jobId: job.id, kept: false } });
    expect(discarded.total).toBe(reasons);
    expect(discarded.rows.every((r) => !r.kept)).toBe(true);

    const first = kept.rows[0];
    if (!first) throw new Error("no record");
    const byType = await listRecords(query({ job: job.id, type: first.taskType }));
    expect(byType.rows.every((r) => r.taskType === first.taskType)).toBe(true);
    expect(byType.total).toBeGreaterThan(0);
    const word = first.instruction.split(/\s+/).find((w) => /^[a-z]{6,}$/i.test(w)) as string;
    const found = await listRecords(query({ job: job.id, q: word }));
    expect(found.rows.map((r) => r.id)).toContain(first.id);
    const similar = await listRecords(
      query({ job: job.id, status: "all", rougeMin: 0.5, sort: "rouge", dir: "desc" }),
    );
    expect(similar.rows.every((r) => (r.maxRougeL ?? 0) >= 0.5)).toBe(true);
    const short = await listRecords(query({ job: job.id, maxWords: 12 }));
    expect(short.rows.every((r) => r.instruction.trim().split(/\s+/).length <= 12)).toBe(true);
  });

  it("shows a record's seeds, request and nearest neighbours", async () => {
    const [row] = (await listRecords(query({ job: job.id }))).rows;
    const record = await getRecord(row?.id as string);
    expect(record?.shownSeeds).toHaveLength(3);
    expect(record?.request.completion).toContain(record?.raw.trim().split("\n")[1]?.trim() ?? "\u0000");
    const neighbours = await nearestNeighbours(
      job.id,
      record?.id as string,
      record?.current.instruction as string,
    );
    expect(neighbours.length).toBeGreaterThan(0);
    expect(neighbours.map((n) => n.id)).not.toContain(record?.id);
    const best = neighbours[0];
    expect(best?.score).toBeCloseTo(
      rougeLF1(record?.current.instruction as string, best?.instruction as string),
      12,
    );
  });
});

describe("curation", () => {
  it("keeps the original, refuses a stale version, and records every change", async () => {
    const [a] = (await listRecords(query({ job: job.id }))).rows;
    const id = a?.id as string;
    const text = {
      instruction: "Explain the CURB-65 score to a junior doctor.",
      input: "",
      output: "CURB-65 scores...",
    };
    const jobBefore = await db.generationJob.findUniqueOrThrow({ where: { id: job.id } });
    const first = await editRecord(
      { taskId: id, version: 0, ...text, reason: "Made it a teaching task" },
      reviewer,
    );
    expect(first.version).toBe(1);
    await expect(
      editRecord({ taskId: id, version: 0, ...text, output: "Other" }, reviewer),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const record = await getRecord(id);
    expect(record?.current.instruction).toBe(text.instruction);
    expect(record?.original.instruction).toBe(a?.instruction);
    expect(record?.edited).toBe(true);
    expect(record?.edits.map((e) => [e.change, e.reason])).toEqual([["edit", "Made it a teaching task"]]);
    const jobAfter = await db.generationJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(jobAfter.curationVersion).toBe(jobBefore.curationVersion + 1);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: id, action: "dataset.record.edit" },
    });
    expect(audit.actorId).toBe(reviewer.id);
    expect((audit.before as { instruction: string }).instruction).toBe(a?.instruction);
  });

  it("excludes with a reason only, and lists excluded records apart", async () => {
    const [, b] = (await listRecords(query({ job: job.id }))).rows;
    const id = b?.id as string;
    await expect(setExcluded({ taskId: id, version: 0, excluded: true }, reviewer)).rejects.toMatchObject({
      code: "INVALID",
    });
    await setExcluded({ taskId: id, version: 0, excluded: true, reason: "Wrong dose" }, reviewer);
    expect((await listRecords(query({ job: job.id }))).total).toBe(39);
    const excluded = await listRecords(query({ job: job.id, status: "excluded" }));
    expect(excluded.rows.map((r) => r.id)).toEqual([id]);
  });

  it("is counted on the Datasets overview", async () => {
    const [counts] = await datasetJobs({ jobId: job.id });
    expect(counts).toMatchObject({
      kept: 40,
      answered: 40,
      excluded: 1,
      edited: 1,
      publishable: 39,
      settled: true,
    });
  });

  it("refuses to curate a record still waiting for its response", async () => {
    const [row] = (await listRecords(query({ job: job.id, sort: "seq", dir: "desc" }))).rows;
    await db.generatedTask.update({ where: { id: row?.id }, data: { responseStatus: "PENDING" } });
    try {
      await expect(
        editRecord(
          { taskId: row?.id as string, version: 0, instruction: "x y z", input: "", output: "o" },
          reviewer,
        ),
      ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/no response yet/) });
    } finally {
      await db.generatedTask.update({ where: { id: row?.id }, data: { responseStatus: "DONE" } });
    }
  });

  it("refuses to curate a discarded task", async () => {
    const discarded = await db.generatedTask.findFirstOrThrow({ where: { jobId: job.id, kept: false } });
    await expect(
      setExcluded({ taskId: discarded.id, version: 0, excluded: true, reason: "x" }, reviewer),
    ).rejects.toMatchObject({ code: "INVALID" });
  });

  it("is refused to authors on the server", async () => {
    const [row] = (await listRecords(query({ job: job.id }))).rows;
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const r = await excludeRecordAction({
      taskId: row?.id as string,
      version: 0,
      excluded: true,
      reason: "mine",
    });
    expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const edit = await editRecordAction({
      taskId: row?.id as string,
      version: 0,
      instruction: "x",
      input: "",
      output: "y",
    });
    expect(edit).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("spot checks", () => {
  it("draw a sample sized for the margin and estimate the share acceptable as grades come in", async () => {
    signInAs(reviewer);
    const started = await startSpotCheckAction({ jobId: job.id, marginOfError: 0.25 });
    if (!started.ok) throw new Error(started.message);
    expect(started.data.population).toBe(39); // 40 kept, one excluded
    expect(started.data.sampleSize).toBe(sampleSizeFor(0.25, 39));
    const items = await db.spotCheckItem.findMany({ where: { spotCheckId: started.data.id } });
    expect(new Set(items.map((i) => i.taskId)).size).toBe(started.data.sampleSize);

    const grades = ["ACCEPTABLE", "ACCEPTABLE", "ACCEPTABLE", "WRONG", "UNSAFE"] as const;
    let last = null;
    for (const [position, grade] of grades.entries()) {
      const r = await gradeAction({ spotCheckId: started.data.id, position, grade, previous: null });
      if (!r.ok) throw new Error(r.message);
      last = r.data;
    }
    expect(last?.graded).toBe(5);
    expect(last?.grades).toMatchObject({ ACCEPTABLE: 3, WRONG: 1, UNSAFE: 1, OFF_TASK: 0 });
    expect(last?.overall.share).toBeCloseTo(0.6, 12);
    expect(last?.overall.low).toBeLessThan(0.6);
    expect(last?.overall.high).toBeGreaterThan(0.6);
    // Regrading replaces the grade rather than adding one.
    await gradeAction({ spotCheckId: started.data.id, position: 3, grade: "ACCEPTABLE", previous: "WRONG" });
    const summary = await spotCheckSummary(started.data.id);
    expect(summary?.graded).toBe(5);
    expect(summary?.overall.share).toBeCloseTo(0.8, 12);
    expect(summary?.byType.reduce((n, g) => n + g.n, 0)).toBe(5);

    // A second reviewer whose page still shows record 6 ungraded, grading it after the first did: refused,
    // naming who graded it, and the first grade stands. Truly at once, exactly one of the two wins.
    const other = await makeUser({ roles: ["REVIEWER"], label: "second" });
    const [first, second] = await Promise.allSettled([
      gradeItem({ spotCheckId: started.data.id, position: 5, grade: "UNSAFE", previous: null }, reviewer),
      gradeItem({ spotCheckId: started.data.id, position: 5, grade: "ACCEPTABLE", previous: null }, other),
    ]);
    const refused = [first, second].filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^Record 6 was graded (unsafe|acceptable) by /),
    });
    const item = await db.spotCheckItem.findUniqueOrThrow({
      where: { spotCheckId_position: { spotCheckId: started.data.id, position: 5 } },
    });
    expect(item.grade).toBe(second.status === "rejected" ? "UNSAFE" : "ACCEPTABLE");
  });

  it("are refused while the job runs, and to authors", async () => {
    const running = await makeJob(server.baseUrl, { target: 5 });
    signInAs(reviewer);
    expect(await startSpotCheckAction({ jobId: running.id, marginOfError: 0.1 })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect(await startSpotCheckAction({ jobId: job.id, marginOfError: 0.1 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
  });
});

describe("analysis", () => {
  it("is stored with the job and marked stale when a record changes", async () => {
    const analysis = await computeAnalysis(job.id);
    expect(analysis?.generated.n).toBe(39);
    expect(analysis?.seeds.n).toBe(job.seeds.length);
    expect(analysis?.rougeToSeeds.n).toBe(39);
    expect(analysis?.generated.types.reduce((n, c) => n + c.count, 0)).toBe(39);
    expect((await storedAnalysis(job.id))?.stale).toBe(false);
    const [row] = (await listRecords(query({ job: job.id, sort: "seq", dir: "desc" }))).rows;
    await setExcluded(
      { taskId: row?.id as string, version: 0, excluded: true, reason: "Off-topic" },
      reviewer,
    );
    expect((await storedAnalysis(job.id))?.stale).toBe(true);
    await computeAnalysis(job.id);
    const again = await storedAnalysis(job.id);
    expect(again?.stale).toBe(false);
    expect(again?.analysis.generated.n).toBe(38);
    // Asked again with nothing changed, it is not recomputed.
    await computeAnalysis(job.id);
    expect((await storedAnalysis(job.id))?.computedAt).toEqual(again?.computedAt);
    // New answers (a resumed job) make it stale too.
    await db.generationJob.update({ where: { id: job.id }, data: { responsesDone: { increment: 1 } } });
    expect((await storedAnalysis(job.id))?.stale).toBe(true);
    await db.generationJob.update({ where: { id: job.id }, data: { responsesDone: { decrement: 1 } } });
  });
});

describe("releases", () => {
  it("publish curated records of several jobs, de-duplicated across them, in every format", async () => {
    // A second job against a server replaying the same answers: its tasks repeat the first job's.
    const twin = await startFakeOpenAIServer({ seed: 21, latencyMs: 2 });
    try {
      const copy = await makeJob(twin.baseUrl, { target: 40, concurrency: 4 }, job.seeds);
      expect(await driveJob(copy.id)).toBe("COMPLETED");
      const admin = await makeUser({ roles: ["ADMIN"], label: "publisher" });
      signInAs(admin);
      const created = await createReleaseAction({
        name: "Pilot: union",
        jobIds: [copy.id, job.id],
        threshold: 0.7,
        license: "cc-by-nc-4.0",
        // The spot check above graded a record unsafe: the gate asks for a reason.
        acceptLowQuality: "Pilot for internal evaluation only; the unsafe record is under review.",
      });
      if (!created.ok) throw new Error(created.message);
      await buildRelease(created.data.id);
      const release = await getRelease(created.data.id);
      expect(release?.state).toBe("READY");
      // The first job's 38 publishable records come first (jobs in the order they were made); the copy adds
      // only what is new to them.
      expect(release?.jobs.map((j) => j.id)).toEqual([job.id, copy.id]);
      expect(release?.duplicateCount).toBeGreaterThan(0);
      expect(release?.recordCount).toBe(38 + 40 - (release?.duplicateCount ?? 0));

      const alpaca = await readFile(created.data.id, "alpaca");
      const records = JSON.parse(alpaca.toString("utf8")) as { instruction: string }[];
      expect(records).toHaveLength(release?.recordCount ?? -1);
      const file = release?.files.find((f) => f.format === "alpaca");
      expect(createHash("sha256").update(alpaca).digest("hex")).toBe(file?.sha256);
      expect(records.map((r) => r.instruction)).toContain("Explain the CURB-65 score to a junior doctor.");
      // Alpaca's rule holds over the whole release.
      const seeds = job.seeds.map((s) => s.instruction);
      records.forEach((r, i) => {
        for (const other of [...seeds, ...records.slice(0, i).map((x) => x.instruction)])
          expect(rougeLF1(r.instruction, other)).toBeLessThanOrEqual(0.7);
      });
      // Excluded records are left out.
      const excluded = await db.generatedTask.findMany({ where: { jobId: job.id, excluded: true } });
      const jsonl = (await readFile(created.data.id, "jsonl"))
        .toString("utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(jsonl.map((r) => r.provenance.task_id)).not.toContain(excluded[0]?.id);
      expect(jsonl[0].provenance.job_number).toBe(job.number);

      const zip = unzipSync(new Uint8Array(await readFile(created.data.id, "hf")));
      const folder = `medseed-dataset-${release?.number}`;
      const train = Buffer.from(zip[`${folder}/data/train.jsonl`] ?? []);
      expect(train.toString("utf8").trim().split("\n")).toHaveLength(release?.recordCount ?? -1);
      const card = Buffer.from(zip[`${folder}/README.md`] ?? []).toString("utf8");
      expect(card).toMatch(/^---\n[\s\S]*license: cc-by-nc-4.0/);
      expect(card).toMatch(/Spot check: \d+(\.\d)?% acceptable \(95% CI/);
      expect(card).toContain("graded unsafe in a spot check");
      expect(card).toContain("Pilot for internal evaluation only; the unsafe record is under review.");
      expect(card).toContain(createHash("sha256").update(train).digest("hex"));
      // Text files are stored as one gzip stream, the file it decompresses to is what downloads send.
      const chunks = await db.datasetReleaseChunk.findMany({
        where: { releaseId: created.data.id, format: "csv" },
        orderBy: { seq: "asc" },
      });
      const csv = Buffer.from(gunzipSync(new Uint8Array(Buffer.concat(chunks.map((c) => c.data)))));
      expect(csv.equals(await readFile(created.data.id, "csv"))).toBe(true);
      expect(Number(release?.files.find((f) => f.format === "csv")?.byteSize)).toBe(csv.length);
    } finally {
      await twin.close();
    }
  }, 90_000);

  it("are built by one build at a time: a live lease is left alone, an expired one taken over", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(admin);
    const make = async (name: string) => {
      const r = await createReleaseAction({
        name,
        jobIds: [job.id],
        threshold: 0.7,
        acceptLowQuality: "Build test: the spot check's unsafe record is known.",
      });
      if (!r.ok) throw new Error(r.message);
      return r.data.id;
    };
    // Two builds at once: one builds, the other finds the release taken.
    const both = await make("Twice at once");
    await Promise.all([buildRelease(both), buildRelease(both)]);
    const built = await getRelease(both);
    expect(built?.state).toBe("READY");
    expect(built?.files).toHaveLength(4);
    const alpaca = await readFile(both, "alpaca");
    expect(createHash("sha256").update(alpaca).digest("hex")).toBe(built?.files[0]?.sha256);
    expect(await db.datasetReleaseItem.count({ where: { releaseId: both } })).toBe(built?.recordCount);

    // Held by a live build elsewhere: nothing is done.
    const held = await make("Held");
    await db.datasetRelease.update({
      where: { id: held },
      data: { buildToken: "another-worker", buildUntil: new Date(Date.now() + 60_000) },
    });
    await buildRelease(held);
    expect((await getRelease(held))?.state).toBe("PENDING");
    expect(await db.datasetReleaseChunk.count({ where: { releaseId: held } })).toBe(0);
    // That build's lease ran out (its worker died): the next attempt takes over and finishes.
    await db.datasetRelease.update({
      where: { id: held },
      data: { buildUntil: new Date(Date.now() - 1000) },
    });
    await buildRelease(held);
    expect((await getRelease(held))?.state).toBe("READY");

    // Attempts run out: FAILED, saying so.
    const spent = await make("Spent");
    await db.datasetRelease.update({ where: { id: spent }, data: { buildAttempts: 5 } });
    await buildRelease(spent);
    const failed = await getRelease(spent);
    expect(failed?.state).toBe("FAILED");
    expect(failed?.error).toMatch(/could not be built in 5 attempts/);
  }, 60_000);

  it("fail with a reason when nothing is left to publish, and are refused to reviewers", async () => {
    signInAs(reviewer);
    expect(await createReleaseAction({ name: "x", jobIds: [job.id], threshold: 0.7 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(admin);
    // A job still queued or running cannot be published: its records are still coming.
    const queued = await makeJob(server.baseUrl, { target: 3 });
    expect(
      await createReleaseAction({ name: "Too soon", jobIds: [queued.id], threshold: 0.7 }),
    ).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringContaining(`#${queued.number} is still running`),
    });
    // A job whose every record is excluded after it was published, before the build: the build fails saying so.
    const small = await makeJob(server.baseUrl, { target: 2 });
    await driveJob(small.id);
    const created = await createReleaseAction({ name: "Empty", jobIds: [small.id], threshold: 0.7 });
    if (!created.ok) throw new Error(created.message);
    const kept = await db.generatedTask.findMany({ where: { jobId: small.id, kept: true } });
    for (const t of kept)
      await setExcluded({ taskId: t.id, version: 0, excluded: true, reason: "all bad" }, admin);
    // Published again now, it is refused at once, saying why; no release is recorded for it.
    const n = kept.length;
    const nothing = `There is nothing to publish: of the ${n} kept record${n === 1 ? "" : "s"}, ${n} excluded, 0 without an answer.`;
    const releases = await db.datasetRelease.count();
    expect(
      await createReleaseAction({ name: "Empty again", jobIds: [small.id], threshold: 0.7 }),
    ).toMatchObject({
      ok: false,
      code: "INVALID",
      message: nothing,
    });
    expect(await db.datasetRelease.count()).toBe(releases);
    await buildRelease(created.data.id);
    const release = await getRelease(created.data.id);
    expect(release?.state).toBe("FAILED");
    // The same words from the build as from the refusal.
    expect(release?.error).toBe(nothing);
    expect(release?.files).toEqual([]);
  }, 30_000);
});
