"use server";

import { publicAction } from "@/lib/auth/action";
import { createFirstAdmin } from "@/lib/users/setup";
import { setupSchema } from "@/lib/validation/user";

/** First-run: creates the admin account while no user exists (refused once one does). */
export const setupAdminAction = publicAction({ input: setupSchema }, async (input) => {
  const user = await createFirstAdmin(input);
  return { email: user.email };
});
