import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { judgedItems, loadRunItems } from "@/lib/evaluation/run-items";
import { summariseEvaluation } from "@/lib/evaluation/scoring";
import { resumeEvalRun } from "@/lib/evaluation/use-cases/control-eval-run";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

// An answer's write that fails mid-run (the database out of reach a moment) is never lost: the drive writes it
// again as it ends, and if that fails too, the run pauses saying so instead of completing without it. The
// failure is a real one: a trigger in PostgreSQL refuses the UPDATE that stores answers (this file has a
// database of its own, so no other test meets it).

isolateDatabase();

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 11, latencyMs: 5 });
});
afterAll(async () => {
  await server.close();
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS store_fault ON "EvalCall"`);
});

/** Refuses storing answers of the items of `versionId`: the first `times` statements, or every one. */
async function refuseStores(versionId: string, times: number | "always") {
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS store_fault ON "EvalCall"`);
  await db.$executeRawUnsafe(`DROP SEQUENCE IF EXISTS store_fault_seq`);
  // A sequence, not a counter row: nextval survives the failed statement's rollback.
  await db.$executeRawUnsafe(`CREATE SEQUENCE store_fault_seq`);
  const limit = times === "always" ? "NULL" : String(times);
  await db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION store_fault() RETURNS trigger AS $$
    BEGIN
      IF NEW.status = 'DONE' AND OLD.status <> 'DONE' AND NEW."itemId" LIKE '${versionId}-%'
         AND (${limit}::bigint IS NULL OR nextval('store_fault_seq') <= ${limit}::bigint) THEN
        RAISE EXCEPTION 'injected: the database refused the answers';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER store_fault BEFORE UPDATE ON "EvalCall" FOR EACH ROW EXECUTE FUNCTION store_fault()`,
  );
}

/** A run of a new test set of `n` items, candidate and judge both served by the local server. */
async function startRun(n: number, model: string, concurrency: number) {
  const { name, version } = await makeTestset(n);
  const engineer = await makeUser({ roles: ["ENGINEER"] });
  const run = await startEvalRun(
    engineer,
    {
      testset: name,
      reference: "gpt-4",
      candidate: { model, baseUrl: server.baseUrl },
      judgeModel: `judge-of-${model}`,
      settings: { judgeBaseUrl: server.baseUrl, concurrency, retryBaseMs: 10 },
    },
    { driver: "caller" },
  );
  return { run, version, engineer };
}

const judgedInDatabase = async (runId: string) => {
  const run = await db.evalRun.findUniqueOrThrow({ where: { id: runId } });
  return { run, items: await loadRunItems(run) };
};

describe("evaluation answers whose write fails", () => {
  it("are written again as the drive ends: the run completes with every answer stored, each call made once", async () => {
    const { run, version } = await startRun(6, "flaky-store-7b", 3);
    await refuseStores(version.id, 1);
    const before = server.stats.requests;
    const log: string[] = [];
    expect(await driveEvalRun(run.id, { log: (l) => log.push(l) })).toBe("COMPLETED");
    expect(log.some((l) => /storing answers: .*injected/.test(l))).toBe(true); // the fault did happen
    expect(server.stats.requests - before).toBe(6 + 12); // nothing asked twice
    const { run: done, items } = await judgedInDatabase(run.id);
    expect(items.every((i) => i.candidate !== null && i.verdicts.reference_first !== undefined)).toBe(true);
    expect(items.every((i) => i.verdicts.reference_last !== undefined)).toBe(true);
    expect(
      await db.evalCall.count({ where: { itemId: { startsWith: version.id }, status: { not: "DONE" } } }),
    ).toBe(0);
    expect(done.summary).toEqual(JSON.parse(JSON.stringify(summariseEvaluation(judgedItems(items)))));
    expect(done.callsMade).toBe(18);
  }, 120_000);

  it("failing again, pause the run saying so; resumed, it makes those calls again and completes", async () => {
    const { run, version, engineer } = await startRun(5, "down-store-7b", 2);
    await refuseStores(version.id, "always");
    expect(await driveEvalRun(run.id)).toBe("PAUSED");
    const paused = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(paused.error).toMatch(/answers? could not be stored \(injected: .*\)\. Resume the run/);
    expect(paused.summary).toBeNull();
    // Nothing left leased to the stopped drive: a resume makes the calls at once.
    expect(
      await db.evalCall.count({ where: { itemId: { startsWith: version.id }, status: "RUNNING" } }),
    ).toBe(0);

    await db.$executeRawUnsafe(`DROP TRIGGER store_fault ON "EvalCall"`);
    await resumeEvalRun(engineer, { run: String(run.number) }, { driver: "caller" });
    expect(await driveEvalRun(run.id)).toBe("COMPLETED");
    const { run: done, items } = await judgedInDatabase(run.id);
    expect(items).toHaveLength(5);
    expect(
      items.every((i) => i.verdicts.reference_first !== undefined && i.verdicts.reference_last !== undefined),
    ).toBe(true);
    expect(done.summary).toEqual(JSON.parse(JSON.stringify(summariseEvaluation(judgedItems(items)))));
  }, 120_000);
});
