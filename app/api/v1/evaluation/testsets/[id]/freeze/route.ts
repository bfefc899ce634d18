import { protectedRoute } from "@/lib/auth/route";
import { freezeNewVersion } from "@/lib/evaluation/use-cases/freeze-new-version";

export const dynamic = "force-dynamic";

/** POST /api/v1/evaluation/testsets/{id}/freeze: a new frozen version, the latest one plus the approved items. */
export const POST = protectedRoute({ permission: "testset.write" }, async ({ params, user }) =>
  Response.json({ data: await freezeNewVersion(user, { testSetId: String(params.id) }) }, { status: 201 }),
);
