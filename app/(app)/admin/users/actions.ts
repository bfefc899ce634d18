"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { setUserActive, setUserRoles } from "@/lib/users/manage-user";
import { createUserAccount } from "@/lib/users/use-cases/create-user-account";
import { createUserSchema, setActiveSchema, setRolesSchema } from "@/lib/validation/user";

export const createUserAction = protectedAction(
  { permission: "user.manage", input: createUserSchema },
  async (input, { user }) => {
    const created = await createUserAccount(user, input);
    revalidatePath("/admin/users");
    return { id: created.id, email: created.email };
  },
);

export const setUserRolesAction = protectedAction(
  { permission: "user.manage", input: setRolesSchema },
  async ({ userId, roles }, { user }) => {
    const updated = await setUserRoles(userId, roles, user.id);
    revalidatePath("/admin/users");
    return { id: updated.id, roles: updated.roles };
  },
);

export const setUserActiveAction = protectedAction(
  { permission: "user.manage", input: setActiveSchema },
  async ({ userId, active }, { user }) => {
    const updated = await setUserActive(userId, active, user.id);
    revalidatePath("/admin/users");
    return { id: updated.id, active: updated.active };
  },
);
