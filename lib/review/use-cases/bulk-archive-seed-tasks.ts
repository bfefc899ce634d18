import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { archiveSeed } from "@/lib/review/transitions";
import type { bulkArchiveSchema } from "@/lib/validation/review";
import { type BulkOutcome, eachInTurn } from "./bulk-outcomes";

/**
 * Takes many tasks out of use (kept on record), each at the version its sender saw. Someone else's task needs
 * seed.archive.any, else it is "not found"; each refusal is reported beside its task. Audited one by one.
 */
export async function bulkArchiveSeedTasks(
  actor: Actor,
  input: z.output<typeof bulkArchiveSchema>,
): Promise<BulkOutcome[]> {
  authorize(actor, "seed.archive");
  return eachInTurn(input.items, async (item) => {
    await archiveSeed(item.id, actor, item.version);
    return "archived";
  });
}
