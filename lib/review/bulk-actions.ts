import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { mayActOnSeed } from "@/lib/seeds/access";

// What a list page offers to do with a picked task in bulk. Only an offer: each use case checks again.

export type BulkAction = "approve" | "reject" | "submit" | "archive";

const DRAFTS: readonly SeedStatusName[] = ["DRAFT", "CHANGES_REQUESTED"];

export function bulkActionsFor(
  actor: Actor,
  task: { authorId: string; status: SeedStatusName },
): BulkAction[] {
  const actions: BulkAction[] = [];
  if (task.status === "SUBMITTED" && can(actor.roles, "seed.approve")) actions.push("approve", "reject");
  if (DRAFTS.includes(task.status)) {
    if (mayActOnSeed(actor, task, "seed.submit")) actions.push("submit");
    if (mayActOnSeed(actor, task, "seed.archive")) actions.push("archive");
  }
  return actions;
}
