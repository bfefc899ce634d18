import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { exportSources } from "@/lib/provenance/queries";
import type { SourcesSummary } from "@/lib/provenance/summary";
import { exportedItems } from "../exported-seeds";
import { type ExportSummary, exportItems, getExport as findExport } from "../store";

/** `instruction`: as exported, when asked for (`withText`) */
export type ExportItem = { seedId: string; version: number; position: number; instruction?: string };

/**
 * An export's record, with the first `items` seed ids and revisions it holds (none unless asked for), each with
 * its instruction as exported when `withText` (the page; the API lists up to 100,000 ids without);
 * null when there is no such export.
 */
export async function getExport(
  actor: Actor,
  input: { exportId: string; items?: number; withText?: boolean },
): Promise<(ExportSummary & { items: ExportItem[]; sources: SourcesSummary }) | null> {
  authorize(actor, "export.read");
  const found = await findExport(input.exportId);
  if (!found) return null;
  const items = !input.items
    ? []
    : input.withText
      ? (await exportedItems(found.id, input.items)).map((i) => ({
          seedId: i.id,
          version: i.version,
          position: i.position,
          instruction: i.instruction,
        }))
      : await exportItems(found.id, input.items);
  return {
    ...found,
    items,
    // the licences and citations of what it holds, as its revisions recorded them (issue 15)
    sources: await exportSources(found.id),
  };
}
