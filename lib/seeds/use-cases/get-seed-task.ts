import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getSeed, getSeedRevisions, type SeedRevisionView } from "@/lib/seeds/queries";
import type { SeedView } from "@/lib/seeds/types";

export type SeedTaskDetail = { seed: SeedView; revisions: SeedRevisionView[] };

/** One task with every saved revision, newest first; NOT_FOUND for an id no task has. */
export async function getSeedTask(actor: Actor, input: { id: string }): Promise<SeedTaskDetail> {
  authorize(actor, "seed.read");
  const seed = await getSeed(input.id);
  if (!seed) throw new AppError("NOT_FOUND", "No seed task has this id.");
  return { seed, revisions: await getSeedRevisions(input.id) };
}
