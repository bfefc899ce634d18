import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { SeedListRow } from "@/lib/seeds/list";
import { type BulkAction, bulkActionsFor } from "./bulk-actions";
import { resubmissions } from "./resubmission";

export type BulkRow = {
  id: string;
  version: number;
  instruction: string;
  actions: BulkAction[];
  resubmitted: { reviewer: string; reason: string | null; changed: boolean } | null;
};

/**
 * The rows of a list page this person can act on in bulk, with what they can do to each, and for tasks to
 * approve whether they were sent back before (bulk approval asks about those again).
 */
export async function bulkRowsFor(actor: Actor, rows: readonly SeedListRow[]): Promise<BulkRow[]> {
  const actionable = rows.flatMap((r) => {
    const actions = bulkActionsFor(actor, r);
    return actions.length ? [{ id: r.id, version: r.version, instruction: r.instruction, actions }] : [];
  });
  const found = await resubmissions(actionable.filter((r) => r.actions.includes("approve")).map((r) => r.id));
  return actionable.map((r) => {
    const resubmitted = found.get(r.id);
    return {
      ...r,
      resubmitted: resubmitted
        ? { reviewer: resubmitted.reviewer, reason: resubmitted.reason, changed: resubmitted.changed }
        : null,
    };
  });
}
