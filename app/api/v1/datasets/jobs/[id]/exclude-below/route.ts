import { protectedRoute } from "@/lib/auth/route";
import { excludeBelowRating, previewExcludeBelowRating } from "@/lib/dataset/use-cases/exclude-below-rating";
import { excludeBelowBodySchema } from "@/lib/validation/rating";

export const dynamic = "force-dynamic";

/** POST /api/v1/datasets/jobs/{id}/exclude-below {threshold, preview?}: excludes every kept record rated below. */
export const POST = protectedRoute(
  { permission: "dataset.curate", body: excludeBelowBodySchema },
  async ({ body, params, user }) => {
    const input = { jobId: String(params.id), threshold: body.threshold };
    return {
      data: body.preview
        ? await previewExcludeBelowRating(user, input)
        : await excludeBelowRating(user, input),
    };
  },
);
