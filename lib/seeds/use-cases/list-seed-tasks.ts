import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { listSeedsByCursor, type SeedCursorQuery } from "@/lib/seeds/cursor";
import { listSeeds, type SeedListPage } from "@/lib/seeds/list";
import type { SeedView } from "@/lib/seeds/types";
import type { SeedListQuery } from "@/lib/validation/seed-list";

export type SeedCursorPage = { rows: SeedView[]; nextCursor: string | null };

/**
 * The seed list's filters, paged one of two ways: by page number (the seed pages: any sort, a total, short
 * rows) or by cursor (the API: whole tasks, newest update first, stable while others write).
 */
export async function listSeedTasks(
  actor: Actor,
  input: { by: "page"; query: SeedListQuery },
): Promise<SeedListPage>;
export async function listSeedTasks(
  actor: Actor,
  input: { by: "cursor"; query: SeedCursorQuery },
): Promise<SeedCursorPage>;
export async function listSeedTasks(
  actor: Actor,
  input: { by: "page"; query: SeedListQuery } | { by: "cursor"; query: SeedCursorQuery },
): Promise<SeedListPage | SeedCursorPage> {
  authorize(actor, "seed.read");
  return input.by === "page" ? listSeeds(input.query) : listSeedsByCursor(input.query);
}
