import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { createExportSchema } from "@/lib/validation/export";
import { type ExportSummary, createExport as recordExport } from "../store";

/**
 * Snapshots the approved seeds matching the filter as a numbered, immutable export (audited as export.create).
 * Refused, naming them, when a seed holds an unresolved PHI finding, unless `acceptPhi` gives the reason to
 * accept them (resolved as accepted by the actor, audited as phi.accept, in the same transaction); with
 * `acceptSeen` only if the findings open are still those of the refusal the actor was shown.
 */
export async function createExport(
  actor: Actor,
  input: z.output<typeof createExportSchema>,
): Promise<ExportSummary & { phiAccepted: number }> {
  authorize(actor, "export.create");
  if (input.acceptPhi) authorize(actor, "phi.accept");
  return recordExport(
    input.format,
    input.filter,
    actor,
    input.acceptPhi ? { accept: { reason: input.acceptPhi, actorId: actor.id, seen: input.acceptSeen } } : {},
  );
}
