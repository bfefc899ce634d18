import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { createExportSchema } from "@/lib/validation/export";
import { type ExportSummary, createExport as recordExport } from "../store";

/** Snapshots the approved seeds matching the filter as a numbered, immutable export (audited as export.create). */
export async function createExport(
  actor: Actor,
  input: z.output<typeof createExportSchema>,
): Promise<ExportSummary> {
  authorize(actor, "export.create");
  return recordExport(input.format, input.filter, actor);
}
