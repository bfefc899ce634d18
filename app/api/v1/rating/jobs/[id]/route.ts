import { protectedRoute } from "@/lib/auth/route";
import { getRatingJob } from "@/lib/rating/use-cases/get-rating-job";

export const dynamic = "force-dynamic";

/** GET /api/v1/rating/jobs/{id}: state, records done and cached, unparsed answers, cost against budget. */
export const GET = protectedRoute({ permission: "dataset.read" }, async ({ params, user }) => ({
  data: await getRatingJob(user, { jobId: String(params.id) }),
}));
