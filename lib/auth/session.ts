import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Role } from "@/lib/model/roles";
import { PAGE_URL_HEADER, signInUrl } from "./page-url";
import { can, type Permission } from "./permissions";
import { sessionUserId } from "./session-user-id";

export type SessionUser = { id: string; email: string; name: string | null; roles: Role[] };

/**
 * Loads the account behind a session or an API token; a deactivated or deleted account has no session any
 * more, and neither has a session issued before the account's last sign-out or deactivation (its
 * `sessionVersion`, when given, is no longer the account's).
 */
export async function loadActiveUser(id: string, sessionVersion?: number): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, roles: true, active: true, sessionVersion: true },
  });
  if (!user?.active) return null;
  if (sessionVersion !== undefined && sessionVersion !== user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

/** The signed-in, active user of this request (roles read fresh from the database), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const ref = await sessionUserId();
  return ref ? loadActiveUser(ref.id, ref.sessionVersion) : null;
});

/** For pages: to sign in, and back to the page this request asked for after it. */
export async function redirectToSignIn(): Promise<never> {
  redirect(signInUrl((await headers()).get(PAGE_URL_HEADER)));
}

/**
 * The permission a page refused this request for (requirePagePermission), for the 403 page to name the roles
 * that have it: one holder per request (React's cache), read by app/forbidden.tsx in the same render.
 */
export const refusedPermission = cache((): { permission: Permission | null } => ({ permission: null }));

/**
 * For pages: sends anonymous visitors to sign in (and back to this page after it) and answers 403 when the
 * role lacks the permission.
 */
export async function requirePagePermission(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) return redirectToSignIn();
  if (!can(user.roles, permission)) {
    refusedPermission().permission = permission;
    forbidden();
  }
  return user;
}
