import { apiError, protectedRoute } from "@/lib/auth/route";
import { releaseForApi } from "@/lib/dataset/releases/store";
import { getRelease } from "@/lib/dataset/use-cases/get-release";

export const dynamic = "force-dynamic";

/** GET /api/v1/datasets/releases/{id}: the release, its state, and its files with their SHA-256. */
export const GET = protectedRoute({ permission: "dataset.read" }, async ({ params, user }) => {
  const release = await getRelease(user, { releaseId: String(params.id) });
  if (!release) return apiError("NOT_FOUND", "No published dataset with that id.");
  return { data: releaseForApi(release) };
});
