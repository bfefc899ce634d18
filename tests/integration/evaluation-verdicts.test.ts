import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { OUTCOMES, type Outcome } from "@/lib/evaluation/scoring";
import { getEvalItem, getEvalRun } from "@/lib/evaluation/use-cases/get-eval-run";
import { recordHumanVerdict } from "@/lib/evaluation/use-cases/record-human-verdict";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { judgeItemOutcome } from "@/lib/evaluation/views";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { databaseBeforeMigration } from "../support/migration-db";

// Clinicians' own verdicts on a run's items, judged blind: the agreement with the judge keeps the verdict as
// first recorded (before the judge's was shown), though the verdict itself can change; the answers are shown
// as A and B, in an order of each clinician's own, until their verdict is recorded; keys are for whoever runs.

let server: FakeServer;
let runId: string;
let runner: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 21, latencyMs: 1 });
  const { name } = await makeTestset(8);
  runner = await makeUser({ roles: ["ENGINEER"] });
  const run = await startEvalRun(
    runner,
    {
      testset: name,
      reference: "gpt-4",
      candidate: { model: "verdict-7b", baseUrl: server.baseUrl },
      judgeModel: "verdict-judge",
      settings: { judgeBaseUrl: server.baseUrl, concurrency: 4, retryBaseMs: 10 },
    },
    { driver: "caller" },
  );
  expect(await driveEvalRun(run.id)).toBe("COMPLETED");
  runId = run.id;
}, 120_000);
afterAll(async () => {
  await server.close();
});

const stored = (itemId: string, userId: string) =>
  db.evalHumanVerdict.findUniqueOrThrow({ where: { runId_itemId_userId: { runId, itemId, userId } } });

describe("a clinician's verdicts", () => {
  it("count in the agreement as first recorded, before the judge's was shown, though they change", async () => {
    const clinician = await makeUser({ roles: ["REVIEWER"] });
    const full = await getEvalRun(runner, { run: runId });
    const item = full.items.find((i) => judgeItemOutcome(i) !== null);
    if (!item) throw new Error("the judge decided an item");
    const judge = judgeItemOutcome(item) as Outcome;
    const changed = OUTCOMES.find((o) => o !== judge) as Outcome;
    const before = await getEvalRun(clinician, { run: runId });
    expect(before.items.find((i) => i.id === item.id)?.blind).toBe(true);

    // Recorded in agreement with the judge, whose verdict is then shown; then changed to disagree with it.
    await recordHumanVerdict(clinician, { runId, itemId: item.id, outcome: judge });
    const seen = await getEvalRun(clinician, { run: runId });
    expect(seen.items.find((i) => i.id === item.id)?.verdicts).toEqual(item.verdicts);
    expect(seen.agreement?.table.n).toBe(1);
    await recordHumanVerdict(clinician, { runId, itemId: item.id, outcome: changed });

    const after = await getEvalRun(clinician, { run: runId });
    // The verdict shows the change; the agreement keeps the first, made before the reveal.
    expect(after.agreement).toEqual(seen.agreement);
    const diagonal = OUTCOMES.indexOf(judge);
    expect(after.agreement?.table.counts[diagonal]?.[diagonal]).toBe(1);
    expect(after.humanVerdicts).toEqual([
      { itemId: item.id, userId: clinician.id, outcome: changed, blindOutcome: judge },
    ]);
    const mine = (await getEvalRun(runner, { run: runId })).humanVerdicts.find(
      (h) => h.userId === clinician.id,
    );
    expect(mine).toMatchObject({ outcome: changed, blindOutcome: judge });
    // The item page says so.
    expect((await getEvalItem(clinician, { run: runId, item: item.id })).mine).toMatchObject({
      outcome: changed,
      blindOutcome: judge,
    });

    // Changed again (back, then away): the first verdict stays what it was; each change is audited.
    await recordHumanVerdict(clinician, { runId, itemId: item.id, outcome: judge });
    await recordHumanVerdict(clinician, { runId, itemId: item.id, outcome: changed });
    expect(await stored(item.id, clinician.id)).toMatchObject({ outcome: changed, blindOutcome: judge });
    const audited = await db.auditEvent.findMany({
      where: { actorId: clinician.id, action: "evaluation.judge", targetId: runId },
      orderBy: { id: "asc" },
    });
    expect(audited.map((a) => (a.after as { outcome: string }).outcome)).toEqual([
      judge,
      changed,
      judge,
      changed,
    ]);
  });

  it("are made blind on answers shown as A and B, in an order per item and person, mapped back on the server", async () => {
    const full = await getEvalRun(runner, { run: runId });
    const orders = new Set<string>();
    for (const [n, clinician] of [
      await makeUser({ roles: ["REVIEWER"] }),
      await makeUser({ roles: ["AUTHOR"] }),
    ].entries()) {
      for (const item of full.items) {
        const shown = await getEvalItem(clinician, { run: runId, item: item.id });
        // Neither answer is named, and the judge's verdicts are not there.
        expect(shown.answers.map((a) => [a.letter, a.side])).toEqual([
          ["A", null],
          ["B", null],
        ]);
        expect(shown.item).not.toHaveProperty("candidate");
        expect(shown.judgeHidden).toBe(true);
        expect(shown.item.verdicts).toEqual({});
        // The same order on every reload.
        expect(await getEvalItem(clinician, { run: runId, item: item.id })).toEqual(shown);
        const order = shown.answers.map((a) =>
          a.text === item.candidate ? "candidate" : a.text === item.reference ? "reference" : "neither",
        );
        expect([...order].sort()).toEqual(["candidate", "reference"]);
        orders.add(order.join());

        // One clinician picks A every time, the other B: stored as the side that letter stood for.
        const answer = n === 0 ? "A" : "B";
        await recordHumanVerdict(clinician, { runId, itemId: item.id, answer });
        const outcome = order[answer === "A" ? 0 : 1];
        expect(await stored(item.id, clinician.id)).toMatchObject({ outcome, blindOutcome: outcome });

        // Judged: the same order, now saying which was which, and the judge's verdicts.
        const judged = await getEvalItem(clinician, { run: runId, item: item.id });
        expect(judged.answers.map((a) => [a.letter, a.side, a.text])).toEqual(
          shown.answers.map((a, i) => [a.letter, order[i], a.text]),
        );
        expect(judged.mine).toEqual({ outcome, blindOutcome: outcome, answer });
        expect(judged.judgeHidden).toBe(false);
        expect(judged.item.verdicts).toEqual(item.verdicts);
      }
    }
    // Random per item and person: both orders came up (all 16 alike has a chance of 2 in 65,536).
    expect(orders.size).toBe(2);

    // A tie is a tie, whichever the order.
    const tie = await makeUser({ roles: ["REVIEWER"] });
    const first = full.items[0]?.id as string;
    await recordHumanVerdict(tie, { runId, itemId: first, answer: "tie" });
    expect(await stored(first, tie.id)).toMatchObject({ outcome: "tie" });
    // A verdict names one choice, either way, and not both.
    await expect(recordHumanVerdict(tie, { runId, itemId: first })).rejects.toThrow(/one choice/);
    await expect(
      recordHumanVerdict(tie, { runId, itemId: first, outcome: "candidate", answer: "A" }),
    ).rejects.toThrow(/one choice/);
  });

  it("leave whoever runs evaluations the named view", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const full = await getEvalRun(runner, { run: runId });
    const item = full.items[1];
    if (!item) throw new Error("the run has items");
    const named = await getEvalItem(admin, { run: runId, item: item.id });
    expect(named.answers).toEqual([
      { letter: null, side: "candidate", text: item.candidate },
      { letter: null, side: "reference", text: item.reference },
    ]);
    // An admin judges too: the judge's verdicts are folded away on their page until they record their own,
    // not hidden (the run's table shows every verdict to whoever runs evaluations).
    expect(named).toMatchObject({ judgeHidden: false, judgeFolded: true });
    expect(named.item.verdicts).toEqual(item.verdicts);
    expect(Object.keys(named.item.verdicts)).toHaveLength(2);
    await recordHumanVerdict(admin, { runId, itemId: item.id, outcome: "reference" });
    const judged = await getEvalItem(admin, { run: runId, item: item.id });
    expect(judged).toMatchObject({
      judgeHidden: false,
      judgeFolded: false,
      mine: { outcome: "reference", answer: null },
    });
    expect(judged.answers.map((a) => a.side)).toEqual(["candidate", "reference"]);
    expect((await getEvalItem(runner, { run: runId, item: item.id })).judgeHidden).toBe(false);
  });

  it("tell only whoever runs evaluations where the run's API keys come from", async () => {
    const full = await getEvalRun(runner, { run: runId });
    expect(full.run.keys).toEqual({ candidate: null, judge: null }); // null: the worker's environment
    const admin = await makeUser({ roles: ["ADMIN"] });
    expect((await getEvalRun(admin, { run: runId })).run.keys).toEqual({ candidate: null, judge: null });
    for (const roles of [["REVIEWER"], ["AUTHOR"]] as const) {
      const clinician = await makeUser({ roles: [...roles] });
      expect((await getEvalRun(clinician, { run: runId })).run.keys).toBeNull();
    }
  });
});

describe("the migration adding the first verdict", () => {
  it("fills it from the earliest audited verdict of every existing row, else the verdict it holds", async () => {
    const { client, migrate, close } = await databaseBeforeMigration("_eval_verdict_blind_outcome");
    try {
      // The verdicts only: their run need not exist for this (foreign keys are not checked in replica mode).
      await client.query("SET session_replication_role = replica");
      await client.query(
        `INSERT INTO "EvalHumanVerdict" ("runId", "itemId", "userId", "outcome", "updatedAt")
         VALUES ('r1', 'i1', 'u1', 'candidate', now()), ('r1', 'i2', 'u1', 'tie', now()),
                ('r1', 'i1', 'u2', 'reference', now())`,
      );
      // u1 judged i1 "reference" first and changed it to "candidate" (after seeing the judge's); u2's i1 and
      // u1's i2 have no audit (made before it was kept): they keep what they hold. Another run's events and
      // another action's do not count.
      await client.query(
        `INSERT INTO "AuditEvent" ("actorId", "action", "targetType", "targetId", "after") VALUES
           ('u1', 'evaluation.judge', 'EvalRun', 'r1', '{"itemId": "i1", "outcome": "reference"}'),
           ('u1', 'evaluation.judge', 'EvalRun', 'r2', '{"itemId": "i2", "outcome": "candidate"}'),
           ('u1', 'evaluation.other', 'EvalRun', 'r1', '{"itemId": "i2", "outcome": "candidate"}'),
           ('u1', 'evaluation.judge', 'EvalRun', 'r1', '{"itemId": "i1", "outcome": "candidate"}')`,
      );
      await client.query("SET session_replication_role = DEFAULT");
      await migrate();
      const { rows } = await client.query<{ itemId: string; userId: string; blindOutcome: string }>(
        `SELECT "itemId", "userId", "blindOutcome" FROM "EvalHumanVerdict" ORDER BY "userId", "itemId"`,
      );
      expect(rows).toEqual([
        { itemId: "i1", userId: "u1", blindOutcome: "reference" },
        { itemId: "i2", userId: "u1", blindOutcome: "tie" },
        { itemId: "i1", userId: "u2", blindOutcome: "reference" },
      ]);
      // Required from now on.
      await expect(
        client.query(
          `INSERT INTO "EvalHumanVerdict" ("runId", "itemId", "userId", "outcome", "updatedAt")
           VALUES ('r1', 'i3', 'u1', 'tie', now())`,
        ),
      ).rejects.toThrow(/blindOutcome/);
    } finally {
      await close();
    }
  });
});
