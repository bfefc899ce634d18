import { apiError, protectedRoute } from "@/lib/auth/route";
import { controlRatingJob } from "@/lib/rating/use-cases/command-rating-job";

export const dynamic = "force-dynamic";

/** POST /api/v1/rating/jobs/{id}/pause | resume | cancel */
export const POST = protectedRoute({ permission: "rating.run" }, async ({ params, user }) => {
  const command = String(params.command);
  if (command !== "pause" && command !== "resume" && command !== "cancel")
    return apiError("NOT_FOUND", "Use pause, resume or cancel.");
  await controlRatingJob(user, { jobId: String(params.id), command });
  return { data: { ok: true } };
});
