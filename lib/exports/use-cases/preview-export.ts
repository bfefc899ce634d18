import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { exportFilterSchema } from "@/lib/validation/export";
import { countExportSeeds } from "../render";

/**
 * How many approved seeds an export of this filter would hold if made now (the Exports form as the filters
 * change, GET /api/v1/exports/preview, `medseed export --dry-run`). Nothing is written; seeds approved or
 * sent back meanwhile change the count, and the export holds what is approved when it is made.
 */
export async function previewExport(
  actor: Actor,
  filter: z.output<typeof exportFilterSchema>,
): Promise<{ seeds: number }> {
  authorize(actor, "export.create");
  return { seeds: await countExportSeeds(filter, "APPROVED") };
}
