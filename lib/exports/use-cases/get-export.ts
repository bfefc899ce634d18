import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { exportSources } from "@/lib/provenance/queries";
import type { SourcesSummary } from "@/lib/provenance/summary";
import { type ExportSummary, exportItems, getExport as findExport } from "../store";

export type ExportItem = { seedId: string; version: number; position: number };

/**
 * An export's record, with the first `items` seed ids and revisions it holds (none unless asked for);
 * null when there is no such export.
 */
export async function getExport(
  actor: Actor,
  input: { exportId: string; items?: number },
): Promise<(ExportSummary & { items: ExportItem[]; sources: SourcesSummary }) | null> {
  authorize(actor, "export.read");
  const found = await findExport(input.exportId);
  if (!found) return null;
  return {
    ...found,
    items: input.items ? await exportItems(found.id, input.items) : [],
    // the licences and citations of what it holds, as its revisions recorded them (issue 15)
    sources: await exportSources(found.id),
  };
}
