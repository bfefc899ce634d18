import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { SourcesSummary } from "@/lib/provenance/summary";
import type { createExportSchema } from "@/lib/validation/export";
import { renderExport } from "../render";

/**
 * Every task but the archived ones, in an export format, written to `sink` and not recorded (the CLI's
 * `export --status all`, for checking work in progress). Needs the same permission as a recorded export, and
 * refuses unresolved PHI findings the same way (or accepts them with `acceptPhi`).
 */
export async function exportAllSeeds(
  actor: Actor,
  input: z.output<typeof createExportSchema>,
  sink: { write: (bytes: Uint8Array) => Promise<void> },
): Promise<{ count: number; sha256: string; sources: SourcesSummary; phiAccepted: number }> {
  authorize(actor, "export.create");
  if (input.acceptPhi) authorize(actor, "phi.accept");
  return renderExport(
    input.format,
    input.filter,
    "ALL",
    sink,
    undefined,
    input.acceptPhi ? { accept: { reason: input.acceptPhi, actorId: actor.id } } : {},
  );
}
