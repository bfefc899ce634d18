import { submitBodySchema, transitionJson } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { submitSeed } from "@/lib/review/transitions";

export const dynamic = "force-dynamic";

/** POST /api/v1/seeds/{id}/submit {version}: the author (or an admin) sends a complete task for review. */
export const POST = protectedRoute(
  { permission: "seed.submit", body: submitBodySchema },
  async ({ params, body, user }) => transitionJson(await submitSeed(String(params.id), body.version, user)),
);
