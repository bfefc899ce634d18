import { z } from "zod";
import { protectedRoute } from "@/lib/auth/route";
import { excludeBelowRating, previewExcludeBelowRating } from "@/lib/dataset/use-cases/exclude-below-rating";

export const dynamic = "force-dynamic";

const body = z.object({
  threshold: z.number().min(1).max(5.5),
  /** true: only say what would be excluded, by task type and difficulty */
  preview: z.boolean().default(false),
});

/** POST /api/v1/datasets/jobs/{id}/exclude-below {threshold, preview?}: excludes every kept record rated below. */
export const POST = protectedRoute({ permission: "dataset.curate", body }, async ({ body, params, user }) => {
  const input = { jobId: String(params.id), threshold: body.threshold };
  return {
    data: body.preview ? await previewExcludeBelowRating(user, input) : await excludeBelowRating(user, input),
  };
});
