import { protectedRoute } from "@/lib/auth/route";
import { reviewTestItem } from "@/lib/evaluation/use-cases/review-test-item";
import { testItemReviewBodySchema } from "@/lib/validation/test-item";

export const dynamic = "force-dynamic";

/** POST /api/v1/evaluation/test-items/{id}/review {version, decision, comment}: approve, send back or reject. */
export const POST = protectedRoute(
  { permission: "testitem.review", body: testItemReviewBodySchema },
  async ({ params, body, user }) => ({
    data: await reviewTestItem(user, { ...body, id: String(params.id) }),
  }),
);
