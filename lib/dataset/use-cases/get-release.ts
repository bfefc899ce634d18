import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { getRelease as findRelease, type ReleaseSummary } from "../releases/store";

/** A published dataset: its state, files with their SHA-256, stats and card; null when there is none. */
export async function getRelease(actor: Actor, input: { releaseId: string }): Promise<ReleaseSummary | null> {
  authorize(actor, "dataset.read");
  return findRelease(input.releaseId);
}
