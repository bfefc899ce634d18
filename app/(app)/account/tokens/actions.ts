"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-token";

// Every signed-in user may hold tokens: a token acts with its owner's roles, so it grants nothing new.
// Both actions need a session (a token cannot mint or revoke tokens), and only touch the caller's tokens.

const createTokenSchema = z.object({
  name: z
    .string({ error: "Name the token" })
    .trim()
    .min(1, { error: "Name the token, e.g. after the script or machine that will use it" })
    .max(100, { error: "Use at most 100 characters" }),
});

export const createTokenAction = protectedAction(
  { permission: "token.manage", input: createTokenSchema },
  async ({ name }, { user }) => {
    const created = await createApiToken(user.id, name);
    revalidatePath("/account/tokens");
    return created;
  },
);

export const revokeTokenAction = protectedAction(
  { permission: "token.manage", input: z.object({ id: z.string().min(1) }) },
  async ({ id }, { user }) => {
    await revokeApiToken(user.id, id);
    revalidatePath("/account/tokens");
    return null;
  },
);
