import { protectedRoute } from "@/lib/auth/route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/manage-user";
import { createUserSchema } from "@/lib/validation/user";

export const dynamic = "force-dynamic";

/** GET /api/v1/users: every account (admins only). */
export const GET = protectedRoute({ permission: "user.manage" }, async () => ({ data: await listUsers() }));

/** POST /api/v1/users {email, password, roles[], name?}: creates an account (admins only). */
export const POST = protectedRoute(
  { permission: "user.manage", body: createUserSchema },
  async ({ body, user }) => {
    const created = await createUser(body, user.id);
    return Response.json({ data: created }, { status: 201 });
  },
);
