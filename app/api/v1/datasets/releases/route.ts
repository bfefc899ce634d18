import { protectedRoute } from "@/lib/auth/route";
import { enqueueRelease } from "@/lib/dataset/queue";
import { createRelease, failRelease, listReleases, releaseForApi } from "@/lib/dataset/releases/store";
import { AppError } from "@/lib/errors";
import { createReleaseSchema } from "@/lib/validation/dataset";

export const dynamic = "force-dynamic";

/** GET /api/v1/datasets/releases: the latest published datasets, newest first. */
export const GET = protectedRoute({ permission: "dataset.read" }, async () => ({
  data: (await listReleases()).map(releaseForApi),
}));

/** POST /api/v1/datasets/releases {name, jobIds, threshold?, license?}: queues a release; a worker builds it. */
export const POST = protectedRoute(
  { permission: "dataset.publish", body: createReleaseSchema },
  async ({ body, user }) => {
    const release = await createRelease(body, user);
    await enqueueRelease(release.id).catch(async (error: unknown) => {
      console.error("[dataset] could not queue a release:", error);
      const message =
        "The background queue could not be reached, so nothing was built. Publish again in a moment.";
      await failRelease(release.id, message);
      throw new AppError("CONFLICT", message);
    });
    return Response.json({ data: release }, { status: 201 });
  },
);
