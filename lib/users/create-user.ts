import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { CreateUserInput } from "@/lib/validation/user";
import { type UserSummary, userSummarySelect } from "./types";

/**
 * A new account, audited as user.create by `actorId`; null (no account) only for the machine's operator
 * before MedSeed has an admin, whose entry says so in `via`.
 */
export async function createUser(
  input: CreateUserInput,
  actorId: string | null,
  via?: string,
): Promise<UserSummary> {
  const passwordHash = await hashPassword(input.password);
  const roles = [...new Set(input.roles)];
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name ?? null, passwordHash, roles },
        select: userSummarySelect,
      });
      await recordAudit(
        {
          actorId,
          action: "user.create",
          targetType: "user",
          targetId: user.id,
          after: { email: user.email, roles, ...(via ? { via } : {}) },
        },
        tx,
      );
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `A user with the email ${input.email} already exists.`, {
        email: ["This email is already registered"],
      });
    }
    throw error;
  }
}
