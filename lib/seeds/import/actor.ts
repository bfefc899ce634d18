import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Whom a command-line import acts as: the --author account, or, without one, the only active admin.
 * Without --author and without exactly one admin to default to, says how many admins there are.
 */
export async function cliImportActor(email: string | undefined): Promise<Actor | { admins: number }> {
  if (email) {
    const user = await db.user.findUnique({
      where: { email: email.trim().toLowerCase() },
      select: { id: true, roles: true, active: true },
    });
    if (!user?.active) throw new AppError("NOT_FOUND", `--author: no active account has the email ${email}.`);
    return { id: user.id, roles: user.roles };
  }
  const admins = await db.user.findMany({
    where: { active: true, roles: { has: "ADMIN" } },
    select: { id: true, roles: true },
    take: 2,
  });
  const [only] = admins;
  return admins.length === 1 && only ? { id: only.id, roles: only.roles } : { admins: admins.length };
}
