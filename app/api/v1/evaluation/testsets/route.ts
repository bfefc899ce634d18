import { protectedRoute } from "@/lib/auth/route";
import { createTestset } from "@/lib/evaluation/use-cases/create-testset";
import { createTestsetSchema } from "@/lib/validation/test-item";

export const dynamic = "force-dynamic";

/** POST /api/v1/evaluation/testsets {name, description?}: an empty test set to write items into. */
export const POST = protectedRoute(
  { permission: "testset.write", body: createTestsetSchema },
  async ({ body, user }) => Response.json({ data: await createTestset(user, body) }, { status: 201 }),
);
