import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// The seed tasks an export holds, each as it was exported: what a generation job takes as its seeds.

/** A seed task at its exported revision: its id, its text and its tags. */
export type ExportedSeed = {
  id: string;
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
  instruction: string;
  input: string;
};

/** An export as people name it: by its id (pages, API) or by its number (#3, the command line). */
export type ExportRef = { id: string } | { number: number };

/** The export's seeds in its order, each at its exported revision. */
export async function exportedSeeds(
  ref: ExportRef,
): Promise<{ id: string; number: number; seeds: ExportedSeed[] }> {
  const exp = await db.seedExport.findUnique({
    where: "id" in ref ? { id: ref.id } : { number: ref.number },
    select: { id: true, number: true },
  });
  if (!exp)
    throw new AppError(
      "NOT_FOUND",
      "id" in ref
        ? "That export does not exist (it may have been deleted)."
        : `There is no export #${ref.number} (the Exports page lists them by number).`,
    );
  // The seed's fields only: a job stores these as they are (NewJob), and their order is the file's.
  const seeds = (await exportedItems(exp.id)).map(({ version: _v, position: _p, ...seed }) => seed);
  return { ...exp, seeds };
}

/** An export's item: the seed at its exported revision, that revision's number and its place in the file
 *  (from 0). */
export type ExportedItem = ExportedSeed & { version: number; position: number };

/** The export's items in its file's order, each at its exported revision; at most `limit` when given. */
export async function exportedItems(exportId: string, limit?: number): Promise<ExportedItem[]> {
  // A seed without its exported revision row (made before revisions were kept) falls back to its current
  // content. LIMIT NULL is no limit.
  return db.$queryRaw<ExportedItem[]>`
    SELECT i."seedId" AS id, i."version", (i."n" - 1)::int AS "position",
           COALESCE(r."taskType", s."taskType") AS "taskType", COALESCE(r.topic, s.topic) AS topic,
           COALESCE(r.view, s.view) AS view, CASE WHEN r.id IS NULL THEN s.difficulty ELSE r.difficulty END AS difficulty,
           COALESCE(r.instruction, s.instruction) AS instruction, COALESCE(r.input, s.input) AS input
      FROM "SeedExport" e
     CROSS JOIN unnest(e."itemSeedIds", e."itemVersions") WITH ORDINALITY AS i("seedId", "version", "n")
      JOIN "SeedTask" s ON s.id = i."seedId"
      LEFT JOIN "SeedRevision" r ON r."seedId" = i."seedId" AND r.version = i.version
     WHERE e."id" = ${exportId}
     ORDER BY i."n"
     LIMIT ${limit ?? null}`;
}
