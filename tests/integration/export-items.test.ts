import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { exportedSeeds } from "@/lib/exports/exported-seeds";
import { exportStream } from "@/lib/exports/store";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { getExport } from "@/lib/exports/use-cases/get-export";
import { reviewSeedTask } from "@/lib/review/use-cases/review-seed-task";
import { submitSeedTask } from "@/lib/review/use-cases/submit-seed-task";
import { createSeedTask } from "@/lib/seeds/use-cases/create-seed-task";
import { updateSeedTask } from "@/lib/seeds/use-cases/update-seed-task";
import { createExportSchema } from "@/lib/validation/export";
import { seedDraftSchema } from "@/lib/validation/seed";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { databaseBeforeMigration } from "../support/migration-db";

// An export's item list (which revision of which seed, in file order) is two arrays on the export row
// (issue 18); it must read back as the file is laid out, each export with the revisions it took.
// Own database: every approved seed here is in the exports.
isolateDatabase();

const actor = (u: { id: string; roles: Actor["roles"] }): Actor => ({ id: u.id, roles: u.roles });

/** An approved seed with the given id, written directly (ids the app never makes: quotes, a line break). */
const approvedSeed = (authorId: string, id: string, instruction: string, contentHash: string) =>
  db.seedTask.create({
    data: {
      id,
      instruction,
      topic: "Nephrology",
      view: "Resident",
      taskType: "Open Q&A",
      difficulty: 3,
      status: "APPROVED",
      phiClearVersion: 1,
      authorId,
      contentHash,
    },
  });

async function fileInstructions(exportId: string): Promise<string[]> {
  const text = await new Response(exportStream(exportId)).text();
  return (JSON.parse(text) as { instruction: string }[]).map((r) => r.instruction);
}

describe("an export's item list", () => {
  it("reads back in file order with each export's own revisions, after an edit and a second export", async () => {
    const author = actor(await makeUser({ roles: ["AUTHOR"] }));
    const reviewer = actor(await makeUser({ roles: ["REVIEWER"] }));
    const approve = async (id: string, version: number) => {
      const s = await submitSeedTask(author, { id, version });
      await reviewSeedTask(reviewer, { id, version: s.version, action: "approve" });
    };
    // Made in the reverse of the file's order (AlpaCare sorts by type, topic, view, instruction, input).
    const ids: string[] = [];
    for (const letter of ["E", "D", "C", "B", "A"]) {
      const s = await createSeedTask(
        author,
        seedDraftSchema.parse({
          instruction: `Explain the management of hyperkalaemia, case ${letter}.`,
          topic: "Nephrology",
          view: "Resident",
          taskType: "Open Q&A",
          difficulty: 3,
        }),
      );
      await approve(s.id, s.version);
      ids.push(s.id);
    }
    const [e, d, c, b, a] = ids as [string, string, string, string, string];
    const first = await createExport(reviewer, createExportSchema.parse({ format: "alpacare" }));

    // C edited (its instruction now sorts last), approved again, exported again.
    const edited = await updateSeedTask(author, {
      id: c,
      version: 1,
      instruction: "Explain the management of hyperkalaemia, case Z.",
    });
    expect(edited.status).toBe("SUBMITTED"); // an approved task edited goes back to review
    await reviewSeedTask(reviewer, { id: c, version: edited.version, action: "approve" });
    const cVersion = (await db.seedTask.findUniqueOrThrow({ where: { id: c } })).version;
    expect(cVersion).toBeGreaterThan(1);
    const second = await createExport(reviewer, createExportSchema.parse({ format: "alpacare" }));

    const items = async (exportId: string) =>
      (await getExport(reviewer, { exportId, items: 1000 }))?.items ?? [];
    expect(await items(first.id)).toEqual([
      { seedId: a, version: 1, position: 0 },
      { seedId: b, version: 1, position: 1 },
      { seedId: c, version: 1, position: 2 },
      { seedId: d, version: 1, position: 3 },
      { seedId: e, version: 1, position: 4 },
    ]);
    expect(await items(second.id)).toEqual([
      { seedId: a, version: 1, position: 0 },
      { seedId: b, version: 1, position: 1 },
      { seedId: d, version: 1, position: 2 },
      { seedId: e, version: 1, position: 3 },
      { seedId: c, version: cVersion, position: 4 },
    ]);
    expect((await items(second.id)).length).toBe(second.recordCount);
    expect(await getExport(reviewer, { exportId: second.id, items: 2 })).toMatchObject({
      items: [{ seedId: a }, { seedId: b }],
    });
    // The export's page names each seed by its instruction as that export holds it (C's first text in the
    // first export, its edit in the second), in the file's order.
    for (const x of [first, second])
      expect(
        (await getExport(reviewer, { exportId: x.id, items: 1000, withText: true }))?.items.map(
          (i) => i.instruction,
        ),
      ).toEqual(await fileInstructions(x.id));
    expect((await getExport(reviewer, { exportId: first.id, items: 3, withText: true }))?.items[2]).toEqual({
      seedId: c,
      version: 1,
      position: 2,
      instruction: "Explain the management of hyperkalaemia, case C.",
    });

    // The seeds as each export holds them are its file's records, in its order.
    for (const x of [first, second]) {
      const held = await exportedSeeds({ id: x.id });
      expect(held.seeds.map((s) => s.instruction)).toEqual(await fileInstructions(x.id));
    }
    expect((await exportedSeeds({ number: first.number })).seeds[2]).toMatchObject({
      id: c,
      instruction: "Explain the management of hyperkalaemia, case C.",
    });
  });

  it("keeps ids that need quoting in an array literal (quote, backslash, comma, braces, space)", async () => {
    const author = actor(await makeUser({ roles: ["AUTHOR"] }));
    const reviewer = actor(await makeUser({ roles: ["REVIEWER"] }));
    const odd = ['odd "quoted" id', "odd back\\slash, comma {braces}", "odd NULL"];
    for (const [i, id] of odd.entries())
      await approvedSeed(
        author.id,
        id,
        `Zz odd id ${i}: explain the management of hyperkalaemia.`,
        `odd-${i}`,
      );
    const x = await createExport(reviewer, createExportSchema.parse({ format: "alpacare" }));
    const items = (await getExport(reviewer, { exportId: x.id, items: 1000 }))?.items ?? [];
    expect(items.slice(-3).map((i) => [i.seedId, i.version])).toEqual(odd.map((id) => [id, 1]));
  });

  it("lists every item in file order past one page (5,000), two exports at once, an id with a line break", async () => {
    const author = actor(await makeUser({ roles: ["AUTHOR"] }));
    const reviewer = actor(await makeUser({ roles: ["REVIEWER"] }));
    // 12,000 approved seeds made in the reverse of the file's order (the render hands the ids over 5,000 at a
    // time), and one whose id holds a line break (its page goes as an array, not as one text).
    await db.$executeRaw`
      INSERT INTO "SeedTask" ("id", "instruction", "topic", "view", "taskType", "difficulty", "status",
                              "phiClearVersion", "authorId", "contentHash", "updatedAt")
      SELECT 'paged-' || n, 'Paged ' || lpad((12000 - n)::text, 5, '0') || ': explain hyperkalaemia.', 'Nephrology',
             'Resident', 'Open Q&A', 3, 'APPROVED', 1, ${author.id}, 'paged-' || n, now()
        FROM generate_series(1, 12000) AS n`;
    await approvedSeed(
      author.id,
      "paged\nline break",
      "Paged 06000b: explain hyperkalaemia.",
      "paged-line-break",
    );
    const instructionOf = new Map(
      (
        await db.seedTask.findMany({ where: { status: "APPROVED" }, select: { id: true, instruction: true } })
      ).map((s) => [s.id, s.instruction]),
    );
    const [alpacare, alpaca] = await Promise.all([
      createExport(reviewer, createExportSchema.parse({ format: "alpacare" })),
      createExport(reviewer, createExportSchema.parse({ format: "alpaca" })),
    ]);
    for (const x of [alpacare, alpaca]) {
      const items = (await getExport(reviewer, { exportId: x.id, items: 20_000 }))?.items ?? [];
      const file = await fileInstructions(x.id);
      expect(items.length).toBe(x.recordCount);
      expect(file.length).toBe(x.recordCount);
      expect(items.map((i) => instructionOf.get(i.seedId))).toEqual(file);
      expect(items.map((i) => i.position)).toEqual(file.map((_, n) => n));
      expect(items.some((i) => i.seedId === "paged\nline break")).toBe(true);
    }
  });

  it("the migration to arrays moves existing exports' items, in order of position, and drops the table", async () => {
    const { client, migrate, close } = await databaseBeforeMigration("_export_item_arrays");
    try {
      await client.query(
        `INSERT INTO "User" ("id", "email", "roles", "updatedAt") VALUES ('u1', 'u1@test', '{ADMIN}', now())`,
      );
      for (const id of ["x1", "x2", "x3"])
        await client.query(
          `INSERT INTO "SeedExport" ("id", "format", "filter", "recordCount", "byteSize", "sha256", "creatorId")
           VALUES ($1, 'JSONL', '{}', 3, 1, '0', 'u1')`,
          [id],
        );
      // Inserted out of order; x3 has none.
      await client.query(
        `INSERT INTO "SeedExportItem" ("exportId", "position", "seedId", "version")
         VALUES ('x1', 2, 's-c', 4), ('x2', 0, 's-a', 2), ('x1', 0, 's-a', 1), ('x1', 1, 's-b', 7)`,
      );
      await migrate();
      const { rows } = await client.query<{ id: string; itemSeedIds: string[]; itemVersions: number[] }>(
        `SELECT "id", "itemSeedIds", "itemVersions" FROM "SeedExport" ORDER BY "id"`,
      );
      expect(rows).toEqual([
        { id: "x1", itemSeedIds: ["s-a", "s-b", "s-c"], itemVersions: [1, 7, 4] },
        { id: "x2", itemSeedIds: ["s-a"], itemVersions: [2] },
        { id: "x3", itemSeedIds: [], itemVersions: [] },
      ]);
      const gone = await client.query(`SELECT to_regclass('"SeedExportItem"') AS t`);
      expect(gone.rows[0].t).toBeNull();
    } finally {
      await close();
    }
  });
});
