import { submitBodySchema, transitionJson } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { submitSeedTask } from "@/lib/review/use-cases/submit-seed-task";

export const dynamic = "force-dynamic";

/** POST /api/v1/seeds/{id}/submit {version}: the author (or an admin) sends a complete task for review. */
export const POST = protectedRoute(
  { permission: "seed.submit", body: submitBodySchema },
  async ({ params, body, user }) =>
    transitionJson(await submitSeedTask(user, { ...body, id: String(params.id) })),
);
