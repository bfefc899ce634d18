import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { can, type Permission } from "./permissions";
import type { Role } from "./roles";
import { sessionUserId } from "./session-user-id";

export type SessionUser = { id: string; email: string; name: string | null; roles: Role[] };

/** Loads the account behind a session; a deactivated or deleted account has no session any more. */
export async function loadActiveUser(id: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, roles: true, active: true },
  });
  if (!user?.active) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

/** The signed-in, active user of this request (roles read fresh from the database), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const id = await sessionUserId();
  return id ? loadActiveUser(id) : null;
});

/** For pages: sends anonymous visitors to sign in and answers 403 when the role lacks the permission. */
export async function requirePagePermission(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  if (!can(user.roles, permission)) forbidden();
  return user;
}
