import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as commandRoute } from "@/app/api/v1/evaluation/runs/[id]/download/route";
import { GET as getRoute } from "@/app/api/v1/evaluation/runs/[id]/route";
import { GET as listRoute, POST as startRoute } from "@/app/api/v1/evaluation/runs/route";
import { createApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { runLeakageCheck } from "@/lib/evaluation/leakage";
import { createTestItem } from "@/lib/evaluation/use-cases/create-test-item";
import { createTestset } from "@/lib/evaluation/use-cases/create-testset";
import { downloadEvalRun } from "@/lib/evaluation/use-cases/download-eval-run";
import { freezeNewVersion } from "@/lib/evaluation/use-cases/freeze-new-version";
import { getEvalRun, listEvalRuns } from "@/lib/evaluation/use-cases/get-eval-run";
import { importTestset } from "@/lib/evaluation/use-cases/import-testset";
import { recordHumanVerdict } from "@/lib/evaluation/use-cases/record-human-verdict";
import { reviewTestItem } from "@/lib/evaluation/use-cases/review-test-item";
import { submitTestItem } from "@/lib/evaluation/use-cases/submit-test-item";
import { freezeTestsetVersion, testsetLeakage } from "@/lib/evaluation/use-cases/testsets";
import type { Role } from "@/lib/model/roles";
import { stopQueue } from "@/lib/queue/boss";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { medinstructLines } from "@/tests/support/evaluation-files";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
// The leakage check as it is, except when a test makes it fail (the database dropping the connection).
const leakage = vi.hoisted(() => ({ fail: false }));
vi.mock("@/lib/evaluation/leakage", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/evaluation/leakage")>();
  return {
    ...actual,
    runLeakageCheck: async (...args: Parameters<typeof actual.runLeakageCheck>) => {
      if (leakage.fail) throw new Error("Connection terminated unexpectedly");
      return actual.runLeakageCheck(...args);
    },
  };
});

// Test sets: all-or-nothing import, versions, two imports of one name at once, the leakage check; runs over
// the REST API with personal tokens, and the three downloads.

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 9, latencyMs: 1 });
});
afterAll(async () => {
  await stopQueue();
  await server.close();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const uniqueName = () => `set-${randomUUID().slice(0, 8)}`;

describe("test sets", () => {
  it("imports all or nothing, names bad lines, and makes a new version per import", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const name = uniqueName();
    const broken = `${medinstructLines(3)}\n{"id": 9, "instruction": "", "gpt-4-answer": "x"}\n{"id": 1, "instruction": "dup id", "gpt-4-answer": "y"}`;
    const refused = await importTestset(author, { name, fileName: "t.jsonl", bytes: bytes(broken) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors.map((e) => e.line)).toEqual([4, 5]);
      expect(refused.errors[1]?.message).toMatch(/id 1 is already used on line 1/);
    }
    expect(await db.testSet.count({ where: { name } })).toBe(0);

    const first = await importTestset(author, {
      name,
      fileName: "t.jsonl",
      bytes: bytes(medinstructLines(4)),
    });
    const second = await importTestset(author, {
      name,
      fileName: "t.jsonl",
      bytes: bytes(medinstructLines(6)),
      freeze: false,
    });
    expect(first).toMatchObject({ ok: true, version: 1, frozen: true, items: 4 });
    expect(second).toMatchObject({ ok: true, version: 2, frozen: false, items: 6 });
    const versions = await db.testSetVersion.findMany({
      where: { testSet: { name } },
      orderBy: { number: "asc" },
      include: { _count: { select: { items: true } } },
    });
    expect(versions.map((v) => [v.number, v.frozen, v._count.items])).toEqual([
      [1, true, 4],
      [2, false, 6],
    ]);
    // A reviewer freezes the draft; an engineer may not write test sets.
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    await expect(freezeTestsetVersion(engineer, { versionId: versions[1]?.id as string })).rejects.toThrow(
      /testset.write/,
    );
    await freezeTestsetVersion(await makeUser({ roles: ["REVIEWER"] }), {
      versionId: versions[1]?.id as string,
    });
    expect((await db.testSetVersion.findUniqueOrThrow({ where: { id: versions[1]?.id } })).frozen).toBe(true);
  });

  it("two people importing one new name at once make one set with two versions", async () => {
    const name = uniqueName();
    const [a, b] = await Promise.all([makeUser({ roles: ["AUTHOR"] }), makeUser({ roles: ["REVIEWER"] })]);
    const reports = await Promise.all(
      [a, b, a, b].map((who, i) =>
        importTestset(who, { name, fileName: "t.jsonl", bytes: bytes(medinstructLines(3 + i)) }),
      ),
    );
    expect(reports.every((r) => r.ok)).toBe(true);
    const sets = await db.testSet.findMany({ where: { name }, include: { versions: true } });
    expect(sets).toHaveLength(1);
    expect(sets[0]?.versions.map((v) => v.number).sort()).toEqual([1, 2, 3, 4]);
  });

  it("the same file again (twice at once, then once more) makes no new version", async () => {
    const name = uniqueName();
    const [a, b] = await Promise.all([makeUser({ roles: ["AUTHOR"] }), makeUser({ roles: ["REVIEWER"] })]);
    const file = () => ({ name, fileName: "t.jsonl", bytes: bytes(medinstructLines(5)) });
    const reports = await Promise.all([importTestset(a, file()), importTestset(b, file())]);
    const again = await importTestset(a, file());
    // Ten times more, one after another: still one version.
    for (let i = 0; i < 10; i++)
      expect(await importTestset(b, file())).toMatchObject({ version: 1, unchanged: true });
    for (const r of [...reports, again]) expect(r).toMatchObject({ ok: true, version: 1, items: 5 });
    expect(reports.map((r) => r.ok && r.unchanged).sort()).toEqual([false, true]);
    expect(again).toMatchObject({ unchanged: true });
    expect(await db.testSetVersion.count({ where: { testSet: { name } } })).toBe(1);
    // One answer changed is a new version; a draft asked for is one too (the latest is frozen).
    const edited = medinstructLines(5).replace('"gpt-4-answer":"', '"gpt-4-answer":"Edited. ');
    expect(edited).not.toBe(medinstructLines(5));
    expect(await importTestset(a, { ...file(), bytes: bytes(edited) })).toMatchObject({
      version: 2,
      unchanged: false,
    });
    expect(await importTestset(a, { ...file(), bytes: bytes(edited), freeze: false })).toMatchObject({
      version: 3,
      unchanged: false,
    });
  });

  it("creating a set and importing into the same new name at once: one set, never an internal error", async () => {
    const name = uniqueName();
    const author = await makeUser({ roles: ["AUTHOR"] });
    // Someone holds the name (a third writer mid-transaction) before either call below starts.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => {
      locked = r;
    });
    const holder = db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`testset:${name}`}, 16))`;
        locked();
        await held;
      },
      { timeout: 60_000 },
    );
    await hasLock;
    const creating = createTestset(author, { name, description: "" }).then(
      (set) => ({ ok: true as const, set }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    // "Create test set" waits on the name's lock, as an import does (a pool of few connections may keep a
    // second caller from even reaching it, so the import is started once the create is seen waiting).
    const waiting = async () =>
      (
        await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_locks
           WHERE locktype = 'advisory' AND NOT granted
             AND ((classid::int8 << 32) | objid::int8) = hashtextextended(${`testset:${name}`}, 16)`
      )[0]?.n ?? 0;
    const until = Date.now() + 20_000;
    while ((await waiting()) < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const waiters = await waiting();
    const importing = importTestset(author, { name, fileName: "t.jsonl", bytes: bytes(medinstructLines(2)) });
    release();
    await holder;
    const [created, imported] = await Promise.all([creating, importing]);
    expect(waiters).toBe(1);
    expect(imported).toMatchObject({ ok: true });
    if (!created.ok) expect(created.error).toMatchObject({ code: "CONFLICT" });
    expect(await db.testSet.count({ where: { name } })).toBe(1);
  });

  it("an import or freeze whose leakage check fails now says so, keeps the one version, and leaves the check for a worker", async () => {
    const name = uniqueName();
    const author = await makeUser({ roles: ["AUTHOR"] });
    leakage.fail = true;
    try {
      const report = await importTestset(author, {
        name,
        fileName: "t.jsonl",
        bytes: bytes(medinstructLines(3)),
        leakageCheck: "now",
      });
      expect(report).toMatchObject({ ok: true, leakageError: "Connection terminated unexpectedly" });
      const set = await db.testSet.findUniqueOrThrow({ where: { name }, include: { versions: true } });
      expect(set.versions).toHaveLength(1);
      const asked = await db.testSetLeakageCheck.findUniqueOrThrow({
        where: { versionId: set.versions[0]?.id },
      });
      expect(asked.checkedAt).toBeNull(); // not done, and asked for: the sweep of a worker takes it
      expect(asked.requestedAt).toBeInstanceOf(Date);
      // One item written and approved in the app, then frozen into version 2, the check failing again.
      const reviewer = await makeUser({ roles: ["REVIEWER"] });
      const item = await createTestItem(author, {
        testSetId: set.id,
        instruction: "What is the first-line treatment of uncomplicated hypertension?",
        input: "",
        reference: "",
        difficulty: 2,
        topic: "",
        sourceKind: "OWN_EXPERIENCE",
        citation: "",
        citationUrl: "",
        licence: "internal",
        adapted: false,
      });
      const sent = await submitTestItem(author, { id: item.id, version: item.version });
      await reviewTestItem(reviewer, {
        id: item.id,
        version: sent.version,
        decision: "APPROVE",
        comment: "",
      });
      const frozen = await freezeNewVersion(author, { testSetId: name, leakageCheck: "now" });
      expect(frozen).toMatchObject({ number: 2, leakageError: "Connection terminated unexpectedly" });
    } finally {
      leakage.fail = false;
    }
    expect(await db.testSetVersion.count({ where: { testSet: { name } } })).toBe(2);
  });

  it("flags items whose instruction nearly repeats an approved seed", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const tag = randomUUID().slice(0, 8);
    const questions = [
      `Which vaccines does a healthy ${tag} adult traveller to Kenya need before departure?`,
      `List the warning signs of diabetic ketoacidosis that ${tag} parents should watch for in a teenager.`,
      `Explain how ${tag} warfarin interacts with common antibiotics and what monitoring follows.`,
    ];
    const leaked = questions[1] as string;
    await db.seedTask.create({
      data: {
        instruction: `${leaked} Keep it brief.`,
        status: "APPROVED",
        authorId: author.id,
        contentHash: seedContentHash(`${leaked} Keep it brief.`, ""),
      },
    });
    const file = questions.map((instruction, i) =>
      JSON.stringify({ id: i + 1, instruction, "gpt-4-answer": "An answer." }),
    );
    const report = await importTestset(author, {
      name: uniqueName(),
      fileName: "t.jsonl",
      bytes: bytes(file.join("\n")),
    });
    if (!report.ok) throw new Error("import failed");
    const version = await db.testSetVersion.findFirstOrThrow({ where: { testSetId: report.testSetId } });
    // Stored by the check the import asked for (a worker runs it; here it is run in place).
    expect(await runLeakageCheck(version.id)).toBe("checked");
    const { items: leakage } = await testsetLeakage(author, { versionId: version.id });
    expect(leakage.map((l) => l.flagged)).toEqual([false, true, false]);
    expect(leakage[1]?.seed?.score).toBeGreaterThan(0.7);
    expect(leakage[1]?.seed?.text).toContain(leaked);
  });
});

async function token(roles: Role[]) {
  return (await createApiToken((await makeUser({ roles })).id, "test")).token;
}
const BASE = "http://localhost/api/v1/evaluation/runs";
const headers = (t: string) => ({ authorization: `Bearer ${t}`, "content-type": "application/json" });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

describe("/api/v1/evaluation/runs and downloads", () => {
  it("starts a run over the API, reads its results, and downloads JSON, CSV and annotations", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const name = uniqueName();
    await importTestset(author, { name, fileName: "t.jsonl", bytes: bytes(medinstructLines(5)) });
    const body = {
      testset: name,
      reference: "claude-2",
      candidate: { model: "api-7b", baseUrl: server.baseUrl },
      judgeModel: "api-judge",
      settings: { judgeBaseUrl: server.baseUrl, concurrency: 2 },
    };
    const reviewer = await token(["REVIEWER"]);
    const refused = await startRoute(
      new Request(BASE, { method: "POST", headers: headers(reviewer), body: JSON.stringify(body) }),
    );
    expect(refused.status).toBe(403);
    const engineer = await token(["ENGINEER"]);
    const bad = await startRoute(
      new Request(BASE, {
        method: "POST",
        headers: headers(engineer),
        body: JSON.stringify({ ...body, reference: "nobody" }),
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(
      /have no reference "nobody"\. References in "[^"]+": claude-2, gpt-4\.$/,
    );
    const created = await startRoute(
      new Request(BASE, { method: "POST", headers: headers(engineer), body: JSON.stringify(body) }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()).data as { id: string };
    expect(await driveEvalRun(id)).toBe("COMPLETED");

    const got = await (
      await getRoute(new Request(`${BASE}/${id}`, { headers: headers(engineer) }), ctx({ id }))
    ).json();
    expect(got.data.run.state).toBe("COMPLETED");
    expect(got.data.result.items).toHaveLength(5);
    expect(got.data.progress).toEqual({ done: 10, total: 10 });
    const list = await (await listRoute(new Request(BASE, { headers: headers(reviewer) }))).json();
    expect(list.data.map((r: { id: string }) => r.id)).toContain(id);

    const csv = await commandRoute(
      new Request(`${BASE}/${id}/download?format=csv`, { headers: headers(engineer) }),
      ctx({ id }),
    );
    expect(csv.headers.get("content-disposition")).toMatch(/evaluation-run-\d+\.csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,difficulty,topic,task_type,instruction,reference_first,reference_last,score,candidate,reference",
    );
    expect(lines).toHaveLength(6);

    const runner = await makeUser({ roles: ["ENGINEER"] });
    const annotations = JSON.parse((await downloadEvalRun(runner, { run: id, format: "annotations" })).body);
    expect(annotations).toHaveLength(10);
    for (const a of annotations) {
      expect([1, 2, 1.5, null]).toContain(a.preference);
      expect([a.generator_1, a.generator_2].sort()).toEqual(["api-7b", "claude-2"]);
    }
    const json = JSON.parse((await downloadEvalRun(runner, { run: id, format: "json" })).body);
    expect(json).toEqual(got.data.result);

    // A clinician judges blind: no item's verdicts before theirs, in the API as on the pages, and no file.
    const clinician = await makeUser({ roles: ["REVIEWER"] });
    const blindView = await getEvalRun(clinician, { run: id });
    expect(blindView.items.every((i) => i.blind && Object.keys(i.verdicts).length === 0)).toBe(true);
    // No win rates either while an item is left: a rate of 100%, or a group of one, tells its verdicts.
    const full = await getEvalRun(runner, { run: id });
    expect(full.summary?.n).toBe(5);
    expect(blindView).toMatchObject({ summary: null, blindLeft: 5 });
    const listed = await listEvalRuns(clinician);
    expect(listed.find((r) => r.id === id)).toMatchObject({ winRate: null, low: null, high: null });
    expect((await listEvalRuns(runner)).find((r) => r.id === id)?.winRate).toBe(full.summary?.winRate);
    const asClinician = await (
      await getRoute(new Request(`${BASE}/${id}`, { headers: headers(reviewer) }), ctx({ id }))
    ).json();
    expect(asClinician.data.result).toBeNull();
    for (const actor of [clinician, author])
      await expect(downloadEvalRun(actor, { run: id, format: "csv" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(/so that clinicians judge blind/),
      });
    const refusedFile = await commandRoute(
      new Request(`${BASE}/${id}/download?format=json`, { headers: headers(reviewer) }),
      ctx({ id }),
    );
    expect(refusedFile.status).toBe(403);
    // Another clinician's verdict is not shown to this one, nor counted in their agreement.
    const other = await makeUser({ roles: ["REVIEWER"] });
    const [first, ...rest] = blindView.items.map((i) => i.id) as [string, ...string[]];
    await recordHumanVerdict(other, { runId: id, itemId: rest[0] as string, outcome: "reference" });
    expect(await getEvalRun(clinician, { run: id })).toMatchObject({ humanVerdicts: [], agreement: null });
    await recordHumanVerdict(clinician, { runId: id, itemId: first, outcome: "tie" });
    const after = await getEvalRun(clinician, { run: id });
    expect(after.items.filter((i) => !i.blind).map((i) => i.id)).toEqual([first]);
    expect(Object.keys(after.items[0]?.verdicts ?? {}).sort()).toEqual(["reference_first", "reference_last"]);
    expect(after).toMatchObject({ summary: null, blindLeft: 4 });
    expect(after.humanVerdicts).toEqual([
      { itemId: first, userId: clinician.id, outcome: "tie", blindOutcome: "tie" },
    ]);
    expect(after.agreement?.table.n).toBe(1);
    expect((await getEvalRun(runner, { run: id })).agreement?.table.n).toBe(2); // whoever runs sees both
    // The other items judged (the first of them twice, a change of mind): the win rates show once none is left.
    for (const [n, itemId] of rest.entries()) {
      await recordHumanVerdict(clinician, { runId: id, itemId, outcome: "candidate" });
      if (n === 0) await recordHumanVerdict(clinician, { runId: id, itemId, outcome: "reference" });
      const view = await getEvalRun(clinician, { run: id });
      expect(view.blindLeft).toBe(rest.length - 1 - n);
      expect(view.summary).toEqual(view.blindLeft ? null : full.summary);
    }
    const done = await getEvalRun(clinician, { run: id });
    expect(done.items.every((i) => !i.blind)).toBe(true);
    expect(done.agreement?.table.n).toBe(5);
    expect(done.humanVerdicts.every((h) => h.userId === clinician.id)).toBe(true);
  });
});
