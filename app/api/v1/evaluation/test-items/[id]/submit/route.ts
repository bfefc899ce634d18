import { protectedRoute } from "@/lib/auth/route";
import { submitTestItem } from "@/lib/evaluation/use-cases/submit-test-item";
import { testItemSubmitBodySchema } from "@/lib/validation/test-item";

export const dynamic = "force-dynamic";

/** POST /api/v1/evaluation/test-items/{id}/submit {version}: sends the item to the reviewers. */
export const POST = protectedRoute(
  { permission: "testset.write", body: testItemSubmitBodySchema },
  async ({ params, body, user }) => ({
    data: await submitTestItem(user, { ...body, id: String(params.id) }),
  }),
);
