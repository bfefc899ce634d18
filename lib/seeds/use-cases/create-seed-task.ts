import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { createSeed } from "@/lib/seeds/mutations";
import type { SeedView } from "@/lib/seeds/types";
import type { SeedDraftInput } from "@/lib/validation/seed";

/** A new draft written by the actor: topic, view and type folded onto the vocabulary, revision 1, audited. */
export async function createSeedTask(actor: Actor, input: SeedDraftInput): Promise<SeedView> {
  authorize(actor, "seed.create");
  return createSeed(input, actor);
}
