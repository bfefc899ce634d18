import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/model/roles";
import { type UserSummary, userSummarySelect } from "./types";

// Role and activation changes. Both refuse to leave MedSeed without an active admin; an advisory lock
// serialises them so that two admins demoting each other at the same moment cannot both succeed.
const ADMIN_CHANGE_LOCK = 5_202_302;

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function lockedUser(tx: Tx, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`;
  const user = await tx.user.findUnique({ where: { id: userId }, select: userSummarySelect });
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist (any more).");
  return user;
}

async function assertAnotherActiveAdmin(tx: Tx, userId: string, what: string) {
  const others = await tx.user.count({
    where: { id: { not: userId }, active: true, roles: { has: "ADMIN" } },
  });
  if (others === 0) {
    throw new AppError(
      "CONFLICT",
      `${what} would leave MedSeed without an active admin: make someone else admin first.`,
    );
  }
}

export async function setUserRoles(userId: string, roles: Role[], actorId: string): Promise<UserSummary> {
  const next = [...new Set(roles)];
  return db.$transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (user.roles.includes("ADMIN") && !next.includes("ADMIN") && user.active) {
      await assertAnotherActiveAdmin(tx, userId, "Removing this admin role");
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: { roles: next },
      select: userSummarySelect,
    });
    await recordAudit(
      {
        actorId,
        action: "user.roles",
        targetType: "user",
        targetId: userId,
        before: { roles: user.roles },
        after: { roles: next },
      },
      tx,
    );
    return updated;
  });
}

export async function setUserActive(userId: string, active: boolean, actorId: string): Promise<UserSummary> {
  if (!active && userId === actorId) {
    throw new AppError("CONFLICT", "You cannot deactivate your own account; ask another admin.");
  }
  return db.$transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (!active && user.roles.includes("ADMIN")) {
      await assertAnotherActiveAdmin(tx, userId, "Deactivating this admin");
    }
    const updated = await tx.user.update({
      where: { id: userId },
      // Deactivating also ends the account's sessions for good: reactivating it later does not revive them.
      data: active
        ? { active, deactivatedAt: null }
        : { active, deactivatedAt: new Date(), sessionVersion: { increment: 1 } },
      select: userSummarySelect,
    });
    await recordAudit(
      {
        actorId,
        action: active ? "user.reactivate" : "user.deactivate",
        targetType: "user",
        targetId: userId,
        before: { active: user.active },
        after: { active },
      },
      tx,
    );
    return updated;
  });
}

export async function listUsers(): Promise<UserSummary[]> {
  return db.user.findMany({ select: userSummarySelect, orderBy: [{ active: "desc" }, { email: "asc" }] });
}
