import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { listReleases as latestReleases, type ReleaseSummary } from "../releases/store";

/** The latest published datasets, newest first (without their dataset cards). */
export async function listReleases(actor: Actor, input: { limit?: number } = {}): Promise<ReleaseSummary[]> {
  authorize(actor, "dataset.read");
  return latestReleases(input.limit);
}
