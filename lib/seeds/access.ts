import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";

type OwnedAction = "seed.edit" | "seed.submit" | "seed.archive";

/**
 * Ownership through the permission table: one's own task needs the permission itself, anyone else's its
 * ".any" twin (admins hold those). Reviewers act on others' tasks only through the review workflow.
 */
export function mayActOnSeed(actor: Actor, seed: { authorId: string }, action: OwnedAction): boolean {
  return seed.authorId === actor.id ? can(actor.roles, action) : can(actor.roles, `${action}.any`);
}

export const canEditSeed = (actor: Actor, seed: { authorId: string }) =>
  mayActOnSeed(actor, seed, "seed.edit");
