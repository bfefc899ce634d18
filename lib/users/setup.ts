import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type UserSummary, userSummarySelect } from "./types";

// First-run set-up: while no user exists, the first person creates the admin account. A transaction
// holding an advisory lock makes the check-then-create atomic, so of two racing requests exactly one wins.
const SETUP_LOCK = 5_202_301;

export async function hasAnyUser(): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

/** Whether any active account holds the admin role (until one does, the command line may create accounts). */
export async function hasActiveAdmin(): Promise<boolean> {
  return (
    (await db.user.findFirst({ where: { active: true, roles: { has: "ADMIN" } }, select: { id: true } })) !==
    null
  );
}

export async function createFirstAdmin(input: {
  email: string;
  name?: string;
  password: string;
}): Promise<UserSummary> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("CONFLICT", "MedSeed is already set up: sign in with your account instead.");
    }
    const user = await tx.user.create({
      data: { email: input.email, name: input.name ?? null, passwordHash, roles: ["ADMIN"] },
      select: userSummarySelect,
    });
    await recordAudit(
      {
        actorId: user.id,
        action: "user.setup",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email },
      },
      tx,
    );
    return user;
  });
}
