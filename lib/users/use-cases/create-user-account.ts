import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { hasActiveAdmin } from "@/lib/users/setup";
import { MACHINE_OPERATOR, type MachineOperator, type UserSummary } from "@/lib/users/types";
import type { CreateUserInput } from "@/lib/validation/user";

/**
 * A new account, made by an admin (the admin page, the API, the command line acting as one), or by the
 * machine's operator while no active admin exists (the command line on a new machine). Audited as user.create.
 */
export async function createUserAccount(
  actor: Actor | MachineOperator,
  input: CreateUserInput,
): Promise<UserSummary> {
  if (actor !== MACHINE_OPERATOR) {
    authorize(actor, "user.manage");
    return createUser(input, actor.id);
  }
  if (await hasActiveAdmin()) {
    throw new AppError(
      "FORBIDDEN",
      "MedSeed has an admin now: accounts are created by an admin (name one to act as).",
    );
  }
  return createUser(input, null, "the machine's operator (command line, before any admin existed)");
}
