import "server-only";
import { db } from "@/lib/db";
import { NO_ASSERTION } from "@/lib/model/licences";
import { exportSourceLines } from "@/lib/provenance/queries";
import { type SourceLine, type SourcesSummary, summariseSources } from "@/lib/provenance/summary";

// The licences and citations behind a release (issue 15): the seeds of its jobs, as the exports they read
// froze them (each seed's exported revision). Seeds a CLI job read from a file carry no recorded source.

export async function jobsSources(jobIds: string[]): Promise<SourcesSummary> {
  const jobs = await db.generationJob.findMany({
    where: { id: { in: jobIds } },
    select: { exportId: true, seeds: true },
  });
  const exportIds = [...new Set(jobs.flatMap((j) => (j.exportId ? [j.exportId] : [])))];
  const lines: SourceLine[] = await exportSourceLines(exportIds);
  for (const j of jobs) {
    const seedCount = Array.isArray(j.seeds) ? j.seeds.length : 0;
    if (!j.exportId && seedCount)
      lines.push({
        sourceKind: "UNKNOWN",
        licence: NO_ASSERTION,
        citation: "",
        citationUrl: "",
        adapted: false,
        seeds: seedCount,
      });
  }
  return summariseSources(lines);
}

/** What publishing says about the licences: the warning a person must see before using the data. */
export function licenceWarnings(s: SourcesSummary): string[] {
  const out: string[] = [];
  if (s.nonCommercial) {
    const nc = s.licences.filter((l) => l.nonCommercial);
    out.push(
      `Non-commercial: ${nc.map((l) => `${l.seeds} seed${l.seeds === 1 ? "" : "s"} under ${l.licence}`).join(", ")}. ` +
        "Their terms carry over to the generated records: the release and its dataset card say it is for non-commercial use only.",
    );
  }
  if (s.unrecorded)
    out.push(
      `${s.unrecorded} seed${s.unrecorded === 1 ? " has" : "s have"} no recorded licence: the card says so; set them in the seed editor for the next release.`,
    );
  return out;
}

/**
 * A licence chosen for the release that grants commercial use over seeds whose licence forbids it: the
 * refusal's text, or null. Leaving the licence empty carries the seeds' own terms (the card says so).
 */
export function licenceConflict(s: SourcesSummary, chosen: string | null | undefined): string | null {
  if (!chosen || !s.nonCommercial || /^cc-by-nc/i.test(chosen)) return null;
  const nc = [...new Set(s.licences.filter((l) => l.nonCommercial).map((l) => l.licence))].join(", ");
  return `The seeds include NonCommercial licences (${nc}): data made from them cannot be released under ${chosen}. Choose a NonCommercial licence such as CC-BY-NC-4.0, or leave the licence empty so the seeds' terms carry over.`;
}

/** Per job, the NonCommercial licences its seeds carry (the publish form warns before publishing). */
export async function nonCommercialByJob(jobIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!jobIds.length) return out;
  const rows = await db.$queryRaw<{ jobId: string; licence: string }[]>`
    SELECT DISTINCT j."id" AS "jobId", r."licence"
      FROM "GenerationJob" j
      JOIN "SeedExport" e ON e."id" = j."exportId"
     CROSS JOIN unnest(e."itemSeedIds", e."itemVersions") AS i("seedId", "version")
      JOIN "SeedRevision" r ON r."seedId" = i."seedId" AND r."version" = i."version"
     WHERE j."id" = ANY(${jobIds}::text[]) AND r."licence" ILIKE 'CC-BY-NC%'
     ORDER BY 1, 2`;
  // (a seed without its exported revision row, from before revisions were kept, has no recorded licence)
  for (const r of rows) out.set(r.jobId, [...(out.get(r.jobId) ?? []), r.licence]);
  return out;
}
