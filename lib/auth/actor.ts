import type { Role } from "@/lib/model/roles";

/**
 * Whoever acts: a signed-in person, the owner of an API token, or the user the CLI acts as. Every use case
 * takes one and checks it against the permission table itself, whichever door the request came through.
 */
export type Actor = { id: string; roles: Role[] };
