import "server-only";
import { db } from "@/lib/db";
import { type SourceLine, type SourcesSummary, summariseSources } from "./summary";

type Row = Omit<SourceLine, "seeds"> & { seeds: bigint | number };
const toLine = (r: Row): SourceLine => ({ ...r, seeds: Number(r.seeds) });

/** The sources of exports' seeds, as each revision they hold records them (not as they are today); a seed
 *  without its exported revision row falls back to its current values, as exportedSeeds does. */
export async function exportSourceLines(exportIds: string[]): Promise<SourceLine[]> {
  if (!exportIds.length) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT COALESCE(r."sourceKind", s."sourceKind") AS "sourceKind", COALESCE(r."licence", s."licence") AS "licence",
           COALESCE(r."citation", s."citation") AS "citation", COALESCE(r."citationUrl", s."citationUrl") AS "citationUrl",
           COALESCE(r."adapted", s."adapted") AS "adapted", count(*) AS "seeds"
      FROM "SeedExport" e
     CROSS JOIN unnest(e."itemSeedIds", e."itemVersions") AS i("seedId", "version")
      JOIN "SeedTask" s ON s."id" = i."seedId"
      LEFT JOIN "SeedRevision" r ON r."seedId" = i."seedId" AND r."version" = i."version"
     WHERE e."id" = ANY(${exportIds}::text[])
     GROUP BY 1, 2, 3, 4, 5`;
  return rows.map(toLine);
}

export async function exportSources(exportId: string): Promise<SourcesSummary> {
  return summariseSources(await exportSourceLines([exportId]));
}
