import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { winRate } from "@/lib/evaluation/scoring";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { medinstructLines } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { npmRun } from "../support/run";

// `medseed testset import` and `medseed eval run` as a researcher runs them: a MedInstruct-test file in, the
// candidate and the judge both served by the local OpenAI-compatible server with 429s and 500s injected,
// the results JSON of the contract out; the same comparison again makes no new call.

let server: FakeServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-eval-"));
const N = 20;
beforeAll(async () => {
  server = await startFakeOpenAIServer({
    seed: 16,
    faultRate: 0.25,
    faultKinds: ["rate_limit", "server_error"],
    retryAfterMs: 20,
    judgeUnparsedRate: 0.15,
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const env = { MEDSEED_EVAL_RETRY_BASE_MS: "20" };

describe("npm run medseed -- testset import / eval run", () => {
  it("imports a test set, judges every item in both orders through faults, and re-runs from the cache", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const file = path.join(dir, "medinstruct-test.jsonl");
    fs.writeFileSync(file, medinstructLines(N));
    const name = `MedInstruct-${Date.now()}`;
    const imported = await npmRun(
      ["medseed", "--", "testset", "import", file, "--name", name, "--author", admin.email],
      {},
      120_000,
    );
    expect(imported.stderr + imported.stdout).toContain(`imported ${N} items`);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`gpt-4 (${N} items)`);
    expect(imported.stdout).toContain(`claude-2 (${N} items)`);

    const out = path.join(dir, "results.json");
    const args = [
      "medseed",
      "--",
      "eval",
      "run",
      "--testset",
      name,
      "--reference",
      "gpt-4",
      "--model",
      "fake-7b",
      "--base-url",
      server.baseUrl,
      "--judge-model",
      "fake-judge",
      "--judge-base-url",
      server.baseUrl,
      "--concurrency",
      "4",
      "--author",
      admin.email,
      "--out",
      out,
    ];
    const first = await npmRun(args, env, 180_000);
    expect(first.stderr).toContain("completed");
    expect(first.code).toBe(0);
    expect(server.stats.faults.rate_limit + server.stats.faults.server_error).toBeGreaterThan(0);

    const result = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(Object.keys(result).sort()).toEqual(
      [
        "by_difficulty",
        "items",
        "n",
        "position_disagreements",
        "standard_error",
        "ties",
        "unparsed",
        "win_rate",
      ].sort(),
    );
    expect(result.items).toHaveLength(N);
    // The summary line gives the run page's interval (Wilson's, from the item scores), not ± 1.96·SE.
    const scores = (result.items as { score: number | null }[]).flatMap((i) =>
      i.score === null ? [] : [i.score],
    );
    const { low, high } = winRate(scores);
    const pct = (x: number | null) => `${((x as number) * 100).toFixed(1)}%`;
    expect(first.stderr).toContain(
      `win rate ${pct(result.win_rate)} (95% interval ${pct(low)} to ${pct(high)})`,
    );
    expect(first.stderr).not.toContain("±");
    expect(Object.keys(result.by_difficulty).sort()).toEqual(["1", "2", "3", "4", "5"]);
    for (const item of result.items) {
      expect(Object.keys(item).sort()).toEqual(
        ["candidate", "difficulty", "id", "instruction", "reference", "score", "verdicts"].sort(),
      );
      expect(typeof item.id).toBe("number");
      for (const v of [item.verdicts.reference_first, item.verdicts.reference_last])
        expect([null, "candidate", "reference", "tie"]).toContain(v);
    }
    // Every item judged in both orders: one verdict row per item and order, each with its raw answers.
    const calls = await db.evalCall.findMany({ where: { kind: "judge", itemId: { startsWith: "" } } });
    const run = await db.evalRun.findFirstOrThrow({ where: { version: { testSet: { name } } } });
    const judged = calls.filter((c) => c.status === "DONE" && (c.raw as string[]).length >= 1);
    const itemIds = new Set(
      (await db.testItem.findMany({ where: { versionId: run.versionId } })).map((i) => i.id),
    );
    const mine = judged.filter((c) => itemIds.has(c.itemId));
    expect(mine).toHaveLength(2 * N);
    // An unparsed verdict was asked once more: two raw answers; null only when both failed.
    for (const c of mine) {
      if (c.output === null) expect(c.raw).toHaveLength(2);
      else expect((c.raw as string[]).length).toBeLessThanOrEqual(2);
    }
    expect(result.unparsed).toBe(mine.filter((c) => c.output === null).length);
    expect(run.callsMade).toBe(N + 2 * N);
    expect(server.stats.responseRequests).toBeGreaterThanOrEqual(N);

    // The same comparison again: answered from the cache, not one request to the server.
    const before = server.stats.requests;
    const out2 = path.join(dir, "results-again.json");
    const second = await npmRun([...args.slice(0, -1), out2], env, 180_000);
    expect(second.code).toBe(0);
    expect(server.stats.requests).toBe(before);
    expect(JSON.parse(fs.readFileSync(out2, "utf8"))).toEqual(result);
    const rerun = await db.evalRun.findFirstOrThrow({
      where: { version: { testSet: { name } } },
      orderBy: { number: "desc" },
    });
    expect(rerun.id).not.toBe(run.id);
    expect(rerun.callsMade).toBe(0);
    expect(rerun.cacheHits).toBe(3 * N);
  }, 400_000);
});
