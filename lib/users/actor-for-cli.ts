import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type NamedActor = Actor & { email: string };

/**
 * Whom a command-line call acts as: the account with this email, or, without one, the only active admin
 * (a single-machine set-up needs no flag). Without an email and without exactly one admin, says how many
 * admins there are so the caller can ask for the email.
 */
export async function actorForCli(email: string | undefined): Promise<NamedActor | { admins: number }> {
  if (email) {
    const user = await db.user.findUnique({
      where: { email: email.trim().toLowerCase() },
      select: { id: true, email: true, roles: true, active: true },
    });
    if (!user?.active) throw new AppError("NOT_FOUND", `no active account has the email ${email}.`);
    return { id: user.id, email: user.email, roles: user.roles };
  }
  const admins = await db.user.findMany({
    where: { active: true, roles: { has: "ADMIN" } },
    select: { id: true, email: true, roles: true },
    take: 2,
  });
  const [only] = admins;
  return admins.length === 1 && only
    ? { id: only.id, email: only.email, roles: only.roles }
    : { admins: admins.length };
}
