import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { submitSeed } from "@/lib/review/transitions";
import type { bulkSubmitSchema } from "@/lib/validation/review";
import { type BulkOutcome, eachInTurn } from "./bulk-outcomes";

/**
 * Sends many drafts for review at the versions their sender saw (an import's worth at once). Each is its own
 * transition with the single submit's checks (ownership or seed.submit.any, status, version, completeness),
 * so an incomplete or changed task is refused beside its name and the others go ahead. Audited one by one.
 */
export async function bulkSubmitSeedTasks(
  actor: Actor,
  input: z.output<typeof bulkSubmitSchema>,
): Promise<BulkOutcome[]> {
  authorize(actor, "seed.submit");
  return eachInTurn(input.items, async (item) => {
    await submitSeed(item.id, item.version, actor);
    return "submitted for review";
  });
}
