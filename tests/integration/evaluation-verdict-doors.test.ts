import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as itemRoute } from "@/app/api/v1/evaluation/runs/[id]/items/[itemId]/route";
import { PUT as verdictRoute } from "@/app/api/v1/evaluation/runs/[id]/items/[itemId]/verdict/route";
import { createApiToken } from "@/lib/auth/api-token";
import { db } from "@/lib/db";
import { answerSides } from "@/lib/evaluation/blind";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { npmRun } from "../support/run";

// A clinician's own verdicts through the API and the command line, the doors besides the item page: the same
// use cases (getEvalItem, recordHumanVerdict), the same blind A/B order, the same first verdict kept.

let server: FakeServer;
let run: { id: string; number: number };
let itemIds: string[];

beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 31, latencyMs: 1 });
  const { name, version } = await makeTestset(4);
  const runner = await makeUser({ roles: ["ENGINEER"] });
  run = await startEvalRun(
    runner,
    {
      testset: name,
      reference: "gpt-4",
      candidate: { model: "doors-7b", baseUrl: server.baseUrl },
      judgeModel: "doors-judge",
      settings: { judgeBaseUrl: server.baseUrl, concurrency: 4, retryBaseMs: 10 },
    },
    { driver: "caller" },
  );
  expect(await driveEvalRun(run.id)).toBe("COMPLETED");
  itemIds = (
    await db.testItem.findMany({ where: { versionId: version.id }, orderBy: { position: "asc" } })
  ).map((i) => i.id);
}, 120_000);
afterAll(async () => {
  await server.close();
});

const BASE = "http://localhost/api/v1/evaluation/runs";
const headers = (t: string) => ({ authorization: `Bearer ${t}`, "content-type": "application/json" });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const tokenOf = async (userId: string) => (await createApiToken(userId, "test")).token;

function getItem(token: string, runRef: string, itemId: string) {
  return itemRoute(
    new Request(`${BASE}/${runRef}/items/${itemId}`, { headers: headers(token) }),
    ctx({ id: runRef, itemId }),
  );
}
function putVerdict(token: string, runRef: string, itemId: string, body: unknown) {
  return verdictRoute(
    new Request(`${BASE}/${runRef}/items/${itemId}/verdict`, {
      method: "PUT",
      headers: headers(token),
      body: JSON.stringify(body),
    }),
    ctx({ id: runRef, itemId }),
  );
}

describe("verdicts through the API", () => {
  it("shows a clinician the item blind, records A or B as they saw it, and keeps the first of ten changes", async () => {
    const clinician = await makeUser({ roles: ["REVIEWER"] });
    const token = await tokenOf(clinician.id);
    const itemId = itemIds[0] as string;
    const sides = answerSides(run.id, itemId, clinician.id);

    const blind = await getItem(token, String(run.number), itemId);
    expect(blind.status).toBe(200);
    const shown = (await blind.json()).data;
    expect(shown.answers.map((a: { letter: string }) => a.letter)).toEqual(["A", "B"]);
    expect(shown.answers.map((a: { side: string | null }) => a.side)).toEqual([null, null]);
    expect(shown.judgeHidden).toBe(true);
    expect(shown.item.verdicts).toEqual({});
    expect(shown.mine).toBeNull();

    // Answer A, as shown: stored as whichever model A was for this clinician; the names and the judge appear.
    const first = await putVerdict(token, String(run.number), itemId, {
      answer: "A",
      note: "clearer dosing",
    });
    expect(first.status).toBe(200);
    const after = (await first.json()).data;
    expect(after.answers.map((a: { side: string }) => a.side)).toEqual(sides);
    expect(after.judgeHidden).toBe(false);
    expect(after.mine).toEqual({ outcome: sides[0], blindOutcome: sides[0], answer: "A" });

    // Changed ten times, alternating: each change kept and audited, the agreement's verdict still the first.
    const choices = ["B", "tie", "A", "B", "tie", "A", "B", "tie", "A", "B"] as const;
    for (const answer of choices) {
      const res = await putVerdict(token, run.id, itemId, { answer });
      expect(res.status).toBe(200);
      expect((await res.json()).data.mine.answer).toBe(answer);
    }
    const stored = await db.evalHumanVerdict.findUniqueOrThrow({
      where: { runId_itemId_userId: { runId: run.id, itemId, userId: clinician.id } },
    });
    expect(stored.outcome).toBe(sides[1]);
    expect(stored.blindOutcome).toBe(sides[0]);
    expect(
      await db.auditEvent.count({
        where: { actorId: clinician.id, action: "evaluation.judge", targetId: run.id },
      }),
    ).toBe(1 + choices.length);
  });

  it("refuses two choices, an engineer's verdict, and an item not in the run, saying why", async () => {
    const clinician = await makeUser({ roles: ["AUTHOR"] });
    const token = await tokenOf(clinician.id);
    const itemId = itemIds[1] as string;

    const both = await putVerdict(token, run.id, itemId, { answer: "A", outcome: "candidate" });
    expect(both.status).toBe(400);
    expect((await both.json()).error.message).toMatch(/one choice/);
    const unknownKey = await putVerdict(token, run.id, itemId, { answer: "A", winner: "A" });
    expect(unknownKey.status).toBe(400);

    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const refused = await putVerdict(await tokenOf(engineer.id), run.id, itemId, { outcome: "tie" });
    expect(refused.status).toBe(403);

    const missing = await putVerdict(token, run.id, "not-an-item", { answer: "B" });
    expect(missing.status).toBe(404);
    expect((await getItem(token, "99999", itemId)).status).toBe(404);
    expect(await db.evalHumanVerdict.count({ where: { runId: run.id, itemId } })).toBe(0);
  });
});

describe("verdicts from the command line", () => {
  it("lists the items, shows one blind, records B as shown, then names the answers", async () => {
    const clinician = await makeUser({ roles: ["REVIEWER"] });
    const itemId = itemIds[2] as string;
    const sides = answerSides(run.id, itemId, clinician.id);
    const as = ["--author", clinician.email];

    const listed = await npmRun(
      ["medseed", "--", "eval", "item", "--run", String(run.number), ...as],
      {},
      120_000,
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n")).toHaveLength(itemIds.length);
    expect(listed.stdout).toContain(`${itemId}\t`);
    expect(listed.stdout).not.toContain("\tjudged\t");

    const shown = await npmRun(
      ["medseed", "--", "eval", "item", "--run", String(run.number), "--item", itemId, ...as],
      {},
      120_000,
    );
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("## answer A\n");
    expect(shown.stdout).toContain("## answer B\n");
    expect(shown.stdout).toContain("hidden until you record your verdict");
    expect(shown.stdout).not.toContain("doors-7b");

    const recorded = await npmRun(
      [
        "medseed",
        "--",
        "eval",
        "verdict",
        "--run",
        String(run.number),
        "--item",
        itemId,
        "--answer",
        "b",
        ...as,
      ],
      {},
      120_000,
    );
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain(`recorded: the ${sides[1]} is better`);
    expect(recorded.stdout).toContain(`## answer B: the ${sides[1]}`);
    expect(recorded.stdout).toContain("reference first:");
    const stored = await db.evalHumanVerdict.findUniqueOrThrow({
      where: { runId_itemId_userId: { runId: run.id, itemId, userId: clinician.id } },
    });
    expect(stored.outcome).toBe(sides[1]);

    const bad = await npmRun(
      ["medseed", "--", "eval", "verdict", "--run", String(run.number), "--item", itemId, ...as],
      {},
      120_000,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("give either --answer A|B|tie or --outcome candidate|reference|tie");

    // A run that does not exist is named, and nothing is recorded.
    const noRun = await npmRun(
      ["medseed", "--", "eval", "verdict", "--run", "99999", "--item", itemId, "--answer", "A", ...as],
      {},
      120_000,
    );
    expect(noRun.code).not.toBe(0);
    expect(noRun.stderr).toContain("There is no evaluation run #99999.");
    expect(await db.evalHumanVerdict.count({ where: { userId: clinician.id } })).toBe(1);
  }, 240_000);
});

describe("an item the run has not answered", () => {
  it("takes no verdict, however named, until both answers are there", async () => {
    const clinician = await makeUser({ roles: ["REVIEWER"] });
    const token = await tokenOf(clinician.id);
    const itemId = itemIds.at(-1) as string;
    // The candidate's answer not there (its call not done: the run still answering it, or retrying).
    const undone = await db.evalCall.updateMany({
      where: { kind: "candidate", itemId, status: "DONE" },
      data: { status: "PENDING" },
    });
    expect(undone.count).toBe(1);
    try {
      for (const body of [{ answer: "A" }, { outcome: "tie" }]) {
        const r = await putVerdict(token, String(run.number), itemId, body);
        expect(r.status).toBe(409);
        expect((await r.json()).error.message).toContain(
          "this item has no answer from the candidate model yet, so there is nothing to compare",
        );
      }
      expect(await db.evalHumanVerdict.count({ where: { userId: clinician.id } })).toBe(0);
    } finally {
      await db.evalCall.updateMany({ where: { kind: "candidate", itemId }, data: { status: "DONE" } });
    }
    // Answered: the same verdict is taken.
    expect((await putVerdict(token, String(run.number), itemId, { outcome: "tie" })).status).toBe(200);
    expect(await db.evalHumanVerdict.count({ where: { userId: clinician.id } })).toBe(1);
  });
});
