import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { generateAlpacareRows } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

// Timing is the benchmark's job (it calls importSeedsFromBuffer the same way); this checks that a file of
// 10,000 rows goes through in one piece and that the batched writes keep tasks, revisions and audit together.
describe("import: 10,000 rows", () => {
  it("creates every row with its revision and one audit event; a re-import creates nothing", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const rows = generateAlpacareRows(10_000, randomUUID().slice(0, 8));
    const jsonl = new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n"));
    const opts = {
      fileName: "bulk.jsonl",
      status: "APPROVED" as const,
      actor: { id: admin.id, roles: admin.roles },
    };

    const report = await importSeedsFromBuffer(jsonl, opts);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ format: "jsonl", shape: "alpacare", committed: true });
    expect(report.counts).toMatchObject({ rows: 10_000, created: 10_000, duplicates: 0 });
    expect(report.typeMapping.reduce((n, m) => n + m.count, 0)).toBe(10_000);
    expect(await db.seedTask.count({ where: { authorId: admin.id } })).toBe(10_000);
    expect(await db.seedRevision.count({ where: { editorId: admin.id, change: "import", version: 1 } })).toBe(
      10_000,
    );
    expect(await db.auditEvent.count({ where: { actorId: admin.id, action: "seed.import" } })).toBe(1);

    const again = await importSeedsFromBuffer(jsonl, opts);
    expect(again.counts).toMatchObject({ created: 0, duplicates: 10_000 });
    expect(await db.seedTask.count({ where: { authorId: admin.id } })).toBe(10_000);
  }, 120_000);
});
