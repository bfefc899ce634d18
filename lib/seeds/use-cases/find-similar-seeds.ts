import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { mostSimilarSeeds, type NearDuplicate } from "@/lib/seeds/near-duplicates";
import type { similarSeedsSchema } from "@/lib/validation/seed";

/** The three stored tasks most like an instruction by ROUGE-L (the editor's near-duplicate panel). */
export async function findSimilarSeeds(
  actor: Actor,
  input: z.output<typeof similarSeedsSchema>,
): Promise<NearDuplicate[]> {
  authorize(actor, "seed.read");
  return mostSimilarSeeds(input.instruction, 3, input.excludeId);
}
