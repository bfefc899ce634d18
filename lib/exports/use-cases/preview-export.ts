import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { exportFilterSchema } from "@/lib/validation/export";
import { type ExportPreview, previewExportSeeds } from "../render";

/**
 * How many approved seeds an export of this filter would hold if made now (the Exports form as the filters
 * change, GET /api/v1/exports/preview, `medseed export --dry-run`), how many of them it would screen for
 * patient identifiers, and (when those are few) how many it would stop at for an open finding. Nothing is
 * written; seeds approved, sent back or resolved meanwhile change the answer, and the export holds and screens
 * what is approved when it is made.
 */
export async function previewExport(
  actor: Actor,
  filter: z.output<typeof exportFilterSchema>,
): Promise<ExportPreview> {
  authorize(actor, "export.create");
  return previewExportSeeds(filter, "APPROVED");
}
