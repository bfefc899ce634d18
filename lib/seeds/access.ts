import { can } from "@/lib/auth/permissions";
import type { Actor } from "./types";

/** Authors edit their own tasks; admins edit any. (Reviewers act through the review workflow.) */
export function canEditSeed(actor: Actor, seed: { authorId: string }): boolean {
  if (actor.roles.includes("ADMIN")) return true;
  return seed.authorId === actor.id && can(actor.roles, "seed.edit");
}
