import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { flaggedItemIds, runLeakageCheck } from "@/lib/evaluation/leakage";
import { workLeakageQueue } from "@/lib/evaluation/leakage-queue";
import { importTestset } from "@/lib/evaluation/use-cases/import-testset";
import { recheckTestsetLeakage, testsetLeakage } from "@/lib/evaluation/use-cases/testsets";
import { queueBoss, stopQueue } from "@/lib/queue/boss";
import { rougeLF1 } from "@/lib/rouge";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";
import { isolateDatabase } from "../support/isolated-db";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// The leakage check is computed once per test set version by a worker (after an import, and on "Check
// again") and stored; the test set page only reads what is stored. A database of its own: the page counts the
// seeds and jobs changed since a check, which other test files would change meanwhile (every text here also
// carries a tag of its own).
isolateDatabase();

let worker: { stop(): Promise<void> } | undefined;
const lines: string[] = [];
beforeAll(async () => {
  worker = await workLeakageQueue(await queueBoss(), (line) => lines.push(line));
});
afterAll(async () => {
  await worker?.stop();
  await stopQueue();
});

const bytes = (text: string) => new TextEncoder().encode(text);

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + 180_000;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}\n${lines.join("\n")}`);
}

async function fixture() {
  const author = await makeUser({ roles: ["AUTHOR"] });
  const engineer = await makeUser({ roles: ["ENGINEER"] });
  // Ten words of its own in every text: the same sentences with another tag stay far below 0.7.
  const tag = Array.from({ length: 10 }, () => randomUUID().slice(0, 6)).join(" ");
  const questions = [
    `Which vaccines does a healthy ${tag} adult traveller to Kenya need before departure?`,
    `List the warning signs of diabetic ketoacidosis that ${tag} parents should watch for in a teenager.`,
    `Explain how ${tag} warfarin interacts with common antibiotics and what monitoring follows.`,
    `Describe the ${tag} first aid for a child who swallowed a button battery.`,
  ];
  const seedText = `${questions[1]} Keep it brief.`;
  await db.seedTask.create({
    data: {
      instruction: seedText,
      status: "APPROVED",
      authorId: author.id,
      contentHash: seedContentHash(seedText, ""),
    },
  });
  // A seed still in draft is not part of the corpus, however close it is.
  await db.seedTask.create({
    data: {
      instruction: questions[0] as string,
      status: "DRAFT",
      authorId: author.id,
      contentHash: seedContentHash(questions[0] as string, "x"),
    },
  });
  const job = await makeJob("http://127.0.0.1:9/v1", { target: 4 });
  const request = await db.generationRequest.create({ data: { jobId: job.id, index: 0, maxTokens: 2000 } });
  let position = 0;
  const generate = (instruction: string, kept = true) =>
    db.generatedTask.create({
      data: {
        jobId: job.id,
        requestId: request.id,
        position: position++,
        kept,
        instruction,
        raw: instruction,
      },
    });
  const generatedText = `Explain how ${tag} warfarin interacts with antibiotics and which monitoring follows.`;
  await generate(generatedText);
  await generate(questions[3] as string, false); // discarded by generation: not in any dataset
  const file = questions.map((instruction, i) =>
    JSON.stringify({ id: i + 1, instruction, "gpt-4-answer": "An answer." }),
  );
  return {
    author,
    engineer,
    tag,
    questions,
    seedText,
    generatedText,
    generate,
    jobId: job.id,
    file: bytes(file.join("\n")),
  };
}

const checkedAt = async (actor: Parameters<typeof testsetLeakage>[0], versionId: string) =>
  (await testsetLeakage(actor, { versionId })).status.checked?.at.getTime() ?? 0;

describe("leakage check", () => {
  it("is checked by the worker after an import, stored, and checked again on request with new data", async () => {
    const f = await fixture();
    const report = await importTestset(f.author, {
      name: `leak-${randomUUID()}`,
      fileName: "t.jsonl",
      bytes: f.file,
    });
    if (!report.ok) throw new Error("import failed");
    const versionId = report.versionId;
    const first = await waitFor("the check after the import", async () => {
      const l = await testsetLeakage(f.author, { versionId });
      return l.status.checked && !l.status.pending ? l : null;
    });
    expect(first.items.map((l) => l.flagged)).toEqual([false, true, true, false]);
    // The one query a run's page makes for the flagged items agrees with the check's own rule.
    expect([...(await flaggedItemIds(versionId))].sort()).toEqual(
      first.items
        .filter((l) => l.flagged)
        .map((l) => l.itemId)
        .sort(),
    );
    expect(first.items[1]?.seed).toEqual({
      score: rougeLF1(f.questions[1] as string, f.seedText),
      text: f.seedText,
    });
    expect(first.items[2]?.generated).toEqual({
      score: rougeLF1(f.questions[2] as string, f.generatedText),
      text: f.generatedText,
    });
    expect(first.items[3]?.generated?.text).not.toBe(f.questions[3]);
    const check = await db.testSetLeakageCheck.findUniqueOrThrow({ where: { versionId } });
    expect(check.seeds).toBeGreaterThanOrEqual(1);
    expect(check.records).toBeGreaterThanOrEqual(1);
    expect(first.status.checked).toEqual({ at: check.checkedAt, seeds: check.seeds, records: check.records });
    expect(first.status.changedSince).toEqual({ seeds: 0, jobs: 0 });

    // New generated data: nothing changes until someone asks again (the page never computes), but the page
    // says what the check could not have read: the job that wrote records since (admission bumps its row),
    // and a seed approved since.
    const closer = `Describe the ${f.tag} first aid for a child who swallowed a button battery today.`;
    await f.generate(closer);
    await db.generationJob.update({ where: { id: f.jobId }, data: { keptCount: { increment: 1 } } });
    await db.seedTask.create({
      data: {
        instruction: `A seed approved after the check (${f.tag}).`,
        status: "APPROVED",
        authorId: f.author.id,
        contentHash: seedContentHash(`after ${f.tag}`, ""),
      },
    });
    const stale = await testsetLeakage(f.author, { versionId });
    expect(stale.items).toEqual(first.items);
    expect(stale.status.changedSince).toEqual({ seeds: 1, jobs: 1 });
    await expect(recheckTestsetLeakage(f.author, { versionId })).rejects.toThrow(/evaluation\.run/);
    const before = await checkedAt(f.author, versionId);
    await recheckTestsetLeakage(f.engineer, { versionId });
    const second = await waitFor("the check asked for again", async () => {
      const l = await testsetLeakage(f.author, { versionId });
      return l.status.checked && l.status.checked.at.getTime() > before && !l.status.pending ? l : null;
    });
    expect(second.items.map((l) => l.flagged)).toEqual([false, true, true, true]);
    expect(second.items[3]?.generated).toEqual({
      score: rougeLF1(f.questions[3] as string, closer),
      text: closer,
    });
    expect(second.status.checked?.records).toBeGreaterThan(first.status.checked?.records ?? 0);
    expect(second.status.changedSince).toEqual({ seeds: 0, jobs: 0 });
  }, 400_000);

  it("many requests and checks at once make one check, one consistent result", async () => {
    const f = await fixture();
    // Stored without the queue (the CLI's way), then asked for ten times at once and run by ten callers at
    // once: one of them checks, the others find it running or already current.
    const report = await importTestset(f.author, {
      name: `leak-${randomUUID()}`,
      fileName: "t.jsonl",
      bytes: f.file,
      leakageCheck: "now",
    });
    if (!report.ok) throw new Error("import failed");
    expect(report.leakage?.flagged).toBe(2);
    const versionId = report.versionId;
    const twin = `List the warning signs of diabetic ketoacidosis that ${f.tag} parents should watch for in a teenager`;
    await f.generate(twin);
    await Promise.all(Array.from({ length: 10 }, () => recheckTestsetLeakage(f.engineer, { versionId })));
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => runLeakageCheck(versionId)));
    const leak = await waitFor("no check pending", async () => {
      const l = await testsetLeakage(f.author, { versionId });
      return l.status.pending ? null : l;
    });
    // The worker may take one of the queued messages before the ten callers: then none of them checks.
    expect(outcomes.filter((o) => o === "checked").length).toBeLessThanOrEqual(1);
    expect(outcomes.every((o) => ["checked", "busy", "current"].includes(o))).toBe(true);
    expect(leak.items[1]?.generated).toEqual({ score: 1, text: twin });
    expect(leak.items[1]?.seed?.text).toBe(f.seedText);
    const check = await db.testSetLeakageCheck.findUniqueOrThrow({ where: { versionId } });
    expect(check.owner).toBeNull();
    expect(check.checkedAt?.getTime()).toBeGreaterThanOrEqual(check.requestedAt.getTime());
  }, 400_000);

  it("before the first check the page has nothing to show, and reading it queries no corpus", async () => {
    const f = await fixture();
    const version = await db.testSetVersion.create({
      data: {
        number: 1,
        creatorId: f.author.id,
        testSet: { create: { name: `leak-${randomUUID()}`, creatorId: f.author.id } },
        items: { create: [{ position: 0, instruction: f.questions[1] as string }] },
      },
    });
    // No worker from here on in this process: the spies below see this test's queries only.
    await worker?.stop();
    worker = undefined;
    const seeds = vi.spyOn(db.seedTask, "findMany");
    const generated = vi.spyOn(db.generatedTask, "findMany");
    const counts = [vi.spyOn(db.seedTask, "count"), vi.spyOn(db.generatedTask, "count")];
    const empty = await testsetLeakage(f.author, { versionId: version.id });
    expect(empty).toEqual({
      status: { checked: null, pending: null, error: null, changedSince: null },
      items: [],
    });
    await recheckTestsetLeakage(f.engineer, { versionId: version.id });
    expect((await testsetLeakage(f.author, { versionId: version.id })).status).toEqual({
      checked: null,
      pending: { state: "queued", done: 0, total: 0 },
      error: null,
      changedSince: null,
    });
    expect(await runLeakageCheck(version.id)).toBe("checked");
    // The spies see the check's corpus queries (so they would see the page's)...
    expect(seeds).toHaveBeenCalled();
    seeds.mockClear();
    generated.mockClear();
    for (const c of counts) c.mockClear();
    const read = await testsetLeakage(f.author, { versionId: version.id });
    expect(read.items[0]?.flagged).toBe(true);
    // ...and reading the stored check makes none: of the seeds it counts only those approved since the check
    // (an index range: what the check could not have read), and no generated record at all.
    expect(seeds).not.toHaveBeenCalled();
    expect(generated).not.toHaveBeenCalled();
    expect(counts[1]).not.toHaveBeenCalled();
    for (const [args] of counts[0]?.mock.calls ?? [])
      expect(args).toMatchObject({ where: { status: "APPROVED", updatedAt: { gt: expect.any(Date) } } });
    vi.restoreAllMocks();
  }, 400_000);
});
