import { protectedRoute } from "@/lib/auth/route";
import { getTestItem } from "@/lib/evaluation/use-cases/test-item-queries";
import { updateTestItem } from "@/lib/evaluation/use-cases/update-test-item";
import { testItemPatchBodySchema } from "@/lib/validation/test-item";

export const dynamic = "force-dynamic";

/** GET /api/v1/evaluation/test-items/{id}: one item written in the app, with its state and version. */
export const GET = protectedRoute({ permission: "evaluation.read" }, async ({ params, user }) => {
  const { item, revisions, phi } = await getTestItem(user, { id: String(params.id) });
  return { data: { ...item, revisions, phi } };
});

/** PATCH /api/v1/evaluation/test-items/{id} {version, ...fields}: 409 when the item moved on since `version`. */
export const PATCH = protectedRoute(
  { permission: "testset.write", body: testItemPatchBodySchema },
  async ({ params, body, user }) => ({
    data: await updateTestItem(user, { ...body, id: String(params.id) }),
  }),
);
