import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createExport, exportItems } from "@/lib/exports/store";
import { reviewSeed, submitSeed, undoApproval } from "@/lib/review/transitions";
import { createSeed } from "@/lib/seeds/mutations";
import { createExportSchema } from "@/lib/validation/export";
import { seedDraftSchema } from "@/lib/validation/seed";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { raceBeforeCommit } from "../support/lock-waiters";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

isolateDatabase();

async function approvedSeed(topic: string) {
  const author = await makeUser({ roles: ["AUTHOR"] });
  const reviewer = await makeUser({ roles: ["REVIEWER"] });
  const seed = await createSeed(
    seedDraftSchema.parse({
      instruction: `Explain how to titrate insulin in DKA, ${randomUUID()}.`,
      output: "Fixed-rate 0.1 U/kg/h.",
      topic,
      view: "Resident",
      taskType: "Open Q&A",
      difficulty: 3,
      licence: "internal",
      sourceKind: "OWN_EXPERIENCE",
    }),
    author,
  );
  await submitSeed(seed.id, 1, author);
  const r = await reviewSeed(seed.id, 1, "approve", undefined, reviewer);
  expect(r.status).toBe("APPROVED");
  return { id: seed.id, reviewer };
}

describe("exports racing other writers", () => {
  it("an approval undone while an export holding it is being written: not both may succeed", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const topic = `Topic ${randomUUID().slice(0, 6)}`;
    const { id, reviewer } = await approvedSeed(topic);
    const filter = createExportSchema.parse({ format: "jsonl", filter: { topic } }).filter;

    // Hold the audit table: the export stops at its last write (its bytes and item list done, uncommitted),
    // and the undo at its own audit row.
    const [e, u] = await raceBeforeCommit(
      () => createExport("jsonl", filter, admin),
      () => undoApproval(id, 1, reviewer),
    );
    expect(e.status).toBe("fulfilled");
    const exp = (e as PromiseFulfilledResult<{ id: string; number: number }>).value;
    expect((await exportItems(exp.id)).map((i) => i.seedId)).toEqual([id]);
    // The export holds version 1 as approved; the undo must then be refused ("export #N already holds it"),
    // as it is when the export committed a moment earlier. Otherwise an export holds a seed whose approval is gone.
    expect(u).toMatchObject({
      status: "rejected",
      reason: { code: "CONFLICT", message: `Not undone: export #${exp.number} already holds it.` },
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("APPROVED");
  });

  it("an undo that would wait long for an export being written is refused, saying so", async () => {
    const topic = `Topic ${randomUUID().slice(0, 6)}`;
    const { id, reviewer } = await approvedSeed(topic);
    // An export being written holds the exports table in ROW EXCLUSIVE mode until it commits.
    const exporting = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await exporting.connect();
    try {
      await exporting.query("BEGIN");
      await exporting.query(`LOCK TABLE "SeedExport" IN ROW EXCLUSIVE MODE`);
      await expect(undoApproval(id, 1, reviewer)).rejects.toMatchObject({
        code: "CONFLICT",
        message: "Not undone: an export is being written right now. Try again in a moment.",
      });
    } finally {
      await exporting.query("COMMIT");
      await exporting.end();
    }
    // Once it is written, the undo goes through.
    await undoApproval(id, 1, reviewer);
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
  }, 30_000);

  it("a refused export does not use up a number: export numbers have no gaps", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const topic = `Topic ${randomUUID().slice(0, 6)}`;
    await approvedSeed(topic);
    const ok = createExportSchema.parse({ format: "alpaca", filter: { topic } }).filter;
    const none = createExportSchema.parse({ format: "alpaca", filter: { topic: "No such topic" } }).filter;

    const first = await createExport("alpaca", ok, admin);
    await expect(createExport("alpaca", none, admin)).rejects.toThrow(/nothing to export/);
    const second = await createExport("alpaca", ok, admin);
    expect(second.number).toBe(first.number + 1);
  });
});
