import "server-only";
import { AppError } from "@/lib/errors";

/** One line of a bulk action's report: done, or refused with the reason a person can act on. */
export type BulkOutcome = { id: string; ok: boolean; message: string };

/**
 * Runs `one` for each item in turn. Each is its own transaction, so an expected refusal (AppError) is
 * reported beside its task and does not undo the others; anything unexpected still fails the whole call.
 */
export async function eachInTurn<T extends { id: string }>(
  items: readonly T[],
  one: (item: T) => Promise<string>,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const item of items) {
    try {
      outcomes.push({ id: item.id, ok: true, message: await one(item) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ id: item.id, ok: false, message: error.message });
    }
  }
  return outcomes;
}
