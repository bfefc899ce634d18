import { apiError, protectedRoute } from "@/lib/auth/route";
import { controlRatingJob } from "@/lib/rating/use-cases/command-rating-job";
import { ratingResumeSchema } from "@/lib/validation/rating";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/rating/jobs/{id}/pause | resume | cancel. Resume takes an optional body: `{"budgetUsd": 5}`
 * raises the budget the job paused at.
 */
export const POST = protectedRoute(
  { permission: "rating.run", body: ratingResumeSchema },
  async ({ params, user, body }) => {
    const command = String(params.command);
    if (command !== "pause" && command !== "resume" && command !== "cancel")
      return apiError("NOT_FOUND", "Use pause, resume or cancel.");
    await controlRatingJob(user, { jobId: String(params.id), command, ...body });
    return { data: { ok: true } };
  },
);
