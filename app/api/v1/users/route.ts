import { protectedRoute } from "@/lib/auth/route";
import { listUsers } from "@/lib/users/manage-user";
import { createUserAccount } from "@/lib/users/use-cases/create-user-account";
import { createUserSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** GET /api/v1/users: every account (admins only). */
export const GET = protectedRoute({ permission: "user.manage" }, async () => ({ data: await listUsers() }));

/** POST /api/v1/users {email, password, roles[], name?}: creates an account (admins only). */
export const POST = protectedRoute(
  { permission: "user.manage", body: createUserSchema },
  async ({ body, user }) => {
    const created = await createUserAccount(user, body);
    return Response.json({ data: created }, { status: 201 });
  },
);
