import "server-only";
import { db } from "@/lib/db";
import { type SourceLine, type SourcesSummary, summariseSources } from "./summary";

type Row = Omit<SourceLine, "seeds"> & { seeds: bigint | number };
const toLine = (r: Row): SourceLine => ({ ...r, seeds: Number(r.seeds) });

/** The sources of an export's seeds, as each revision it holds records them (not as they are today). */
export async function exportSourceLines(exportIds: string[]): Promise<SourceLine[]> {
  if (!exportIds.length) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."sourceKind", r."licence", r."citation", r."citationUrl", r."adapted", count(*) AS "seeds"
      FROM "SeedExportItem" i
      JOIN "SeedRevision" r ON r."seedId" = i."seedId" AND r."version" = i."version"
     WHERE i."exportId" = ANY(${exportIds}::text[])
     GROUP BY 1, 2, 3, 4, 5`;
  return rows.map(toLine);
}

export async function exportSources(exportId: string): Promise<SourcesSummary> {
  return summariseSources(await exportSourceLines([exportId]));
}
