import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import type { Role } from "@/lib/model/roles";

// Tests make their own rows with unique emails, so files can run in any order without a global reset.

export const uniqueEmail = (label = "user") => `${label}-${randomUUID().slice(0, 8)}@test.medseed`;

export async function makeUser(
  opts: { roles?: Role[]; active?: boolean; password?: string; label?: string } = {},
) {
  const password = opts.password ?? "correct horse battery";
  const user = await db.user.create({
    data: {
      email: uniqueEmail(opts.label),
      passwordHash: await hashPassword(password),
      roles: opts.roles ?? ["AUTHOR"],
      active: opts.active ?? true,
    },
  });
  return { ...user, password };
}

/**
 * A seed task written straight into the table as approved, as an import "as approved" leaves it (no revision,
 * not marked clear by the PHI screen), for tests of what exports and screens do with it.
 */
export async function makeApprovedSeed(
  authorId: string,
  instruction: string,
  opts: { input?: string; topic?: string } = {},
) {
  return db.seedTask.create({
    data: {
      instruction,
      input: opts.input ?? "",
      topic: opts.topic ?? "Cardiology",
      view: "Nurse",
      taskType: "Open Q&A",
      difficulty: 2,
      status: "APPROVED",
      contentHash: `h-${randomUUID()}`,
      authorId,
    },
  });
}
