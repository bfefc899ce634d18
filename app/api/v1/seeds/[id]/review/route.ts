import { reviewBodySchema, transitionJson } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { reviewSeedTask } from "@/lib/review/use-cases/review-seed-task";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/seeds/{id}/review {version, action: approve|request_changes|reject, reason?}: a reviewer's
 * decision on the version they saw (a reason is required unless approving; never on one's own task).
 */
export const POST = protectedRoute(
  { permission: "seed.approve", body: reviewBodySchema },
  async ({ params, body, user }) =>
    transitionJson(await reviewSeedTask(user, { ...body, id: String(params.id) })),
);
