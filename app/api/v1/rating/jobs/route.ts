import { protectedRoute } from "@/lib/auth/route";
import { startRatingJob } from "@/lib/rating/use-cases/start-rating-job";
import { startRatingSchema } from "@/lib/validation/rating";

export const dynamic = "force-dynamic";

/** POST /api/v1/rating/jobs {generationJobId | releaseId, settings, budgetUsd?}: queues a rating job. */
export const POST = protectedRoute(
  { permission: "rating.run", body: startRatingSchema },
  async ({ body, user }) => {
    const job = await startRatingJob(user, body);
    return Response.json(
      { data: { id: job.id, number: job.number, estimate: job.estimate } },
      { status: 201 },
    );
  },
);
