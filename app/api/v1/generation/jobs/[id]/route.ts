import { apiError, protectedRoute } from "@/lib/auth/route";
import { getGenerationJob } from "@/lib/generation/use-cases/get-generation-job";

export const dynamic = "force-dynamic";

/** GET /api/v1/generation/jobs/{id}: state, counters, progress and ETA, latest kept tasks, log. */
export const GET = protectedRoute({ permission: "generation.read" }, async ({ params, user }) => {
  const view = await getGenerationJob(user, { jobId: String(params.id) });
  return view ? { data: view } : apiError("NOT_FOUND", "No generation job with that id.");
});
