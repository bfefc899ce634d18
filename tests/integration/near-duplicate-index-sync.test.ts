import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { mostSimilarSeeds, SYNC_OVERLAP_MS } from "@/lib/seeds/near-duplicates";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

// The editor's near-duplicate feedback reads an in-memory index brought up to date before each query with the
// rows changed since the last sync. A long transaction (an import of thousands of seeds) stamps its rows when it
// writes them and commits much later: the sync must still read them once they commit, also when the number of
// live seeds does not change (an edit, or an archive and an insert in the same import).

const clients: pg.Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => {});
});

async function rawClient() {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  clients.push(c);
  return c;
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe("the near-duplicate index", () => {
  it("reads what a transaction longer than the sync margin wrote, once it commits", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const seed = (instruction: string) =>
      db.seedTask.create({
        data: { instruction, authorId: author.id, contentHash: seedContentHash(instruction, "") },
      });
    const edited = await seed("Describe the first-line treatment of community-acquired pneumonia in adults.");
    const archived = await seed("List the warning signs of sepsis in a newborn that parents should know.");
    const query = "Summarise how to taper oral prednisolone after a three week course for asthma.";
    expect(ids(await mostSimilarSeeds(query))).not.toContain(edited.id); // synced, nothing close yet

    // An "import": one task edited to a near-copy of the query, one archived, one inserted (the count of live
    // seeds stays the same), stamped now() as the import stamps them, in a transaction that stays open for longer
    // than the margin while the index is synced.
    const importer = await rawClient();
    const pid = (await importer.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    await importer.query("BEGIN");
    await importer.query(`UPDATE "SeedTask" SET instruction = $1, "updatedAt" = now() WHERE id = $2`, [
      "Summarise how to taper oral prednisolone after a three week course of asthma.",
      edited.id,
    ]);
    await importer.query(`UPDATE "SeedTask" SET status = 'ARCHIVED', "updatedAt" = now() WHERE id = $1`, [
      archived.id,
    ]);
    await importer.query(
      `INSERT INTO "SeedTask" (id, instruction, "authorId", "contentHash", "updatedAt")
       VALUES ('import-long-1', $1, $2, $3, now())`,
      ["Summarise how to taper oral prednisolone after a three week course in asthma.", author.id, "h"],
    );
    // Wait, syncing meanwhile, until the transaction is older than the margin (its rows' updatedAt with it).
    const probe = await rawClient();
    const age = async () =>
      Number(
        (
          await probe.query<{ ms: number }>(
            `SELECT extract(epoch FROM now() - xact_start) * 1000 AS ms FROM pg_stat_activity WHERE pid = $1`,
            [pid],
          )
        ).rows[0]?.ms,
      );
    while ((await age()) < SYNC_OVERLAP_MS + 1000) {
      expect(ids(await mostSimilarSeeds(query))).not.toContain(edited.id); // not committed: not seen
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await importer.query("COMMIT");

    const after = await mostSimilarSeeds(query, 5);
    expect(ids(after)).toEqual(expect.arrayContaining([edited.id, "import-long-1"]));
    expect(after.find((m) => m.id === edited.id)?.score).toBeGreaterThan(0.7);
    const other = await mostSimilarSeeds(
      "List the warning signs of sepsis in a newborn that parents should know.",
    );
    expect(ids(other)).not.toContain(archived.id); // archived in that transaction: left out
  }, 60_000);
});
