import { protectedRoute } from "@/lib/auth/route";
import { releaseForApi } from "@/lib/dataset/releases/store";
import { listReleases } from "@/lib/dataset/use-cases/list-releases";
import { publishRelease } from "@/lib/dataset/use-cases/publish-release";
import { createReleaseSchema } from "@/lib/validation/dataset";

export const dynamic = "force-dynamic";

/** GET /api/v1/datasets/releases: the latest published datasets, newest first. */
export const GET = protectedRoute({ permission: "dataset.read" }, async ({ user }) => ({
  data: (await listReleases(user)).map(releaseForApi),
}));

/** POST /api/v1/datasets/releases {name, jobIds, threshold?, license?}: queues a release; a worker builds it. */
export const POST = protectedRoute(
  { permission: "dataset.publish", body: createReleaseSchema },
  async ({ body, user }) => Response.json({ data: await publishRelease(user, body) }, { status: 201 }),
);
