import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { type ExportSummary, listExports as latestExports } from "../store";

/** The latest exports, newest first. */
export async function listExports(actor: Actor, input: { limit?: number } = {}): Promise<ExportSummary[]> {
  authorize(actor, "export.read");
  return latestExports(input.limit);
}
