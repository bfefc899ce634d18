import { protectedRoute } from "@/lib/auth/route";
import { createTestItem } from "@/lib/evaluation/use-cases/create-test-item";
import { listTestItems } from "@/lib/evaluation/use-cases/test-item-queries";
import { testItemFieldsSchema, testItemListQuerySchema } from "@/lib/validation/test-item";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/evaluation/testsets/{id}/items[?state=]: the items written in the app, newest first, and how many
 * approved ones wait to be frozen.
 */
export const GET = protectedRoute(
  { permission: "evaluation.read", query: testItemListQuerySchema },
  async ({ params, query, user }) => {
    const { items, waiting } = await listTestItems(user, {
      testSetId: String(params.id),
      state: query.state,
    });
    return { data: items, waiting };
  },
);

/** POST /api/v1/evaluation/testsets/{id}/items: a new draft item (version 1). */
export const POST = protectedRoute(
  { permission: "testset.write", body: testItemFieldsSchema },
  async ({ params, body, user }) =>
    Response.json(
      { data: await createTestItem(user, { ...body, testSetId: String(params.id) }) },
      { status: 201 },
    ),
);
