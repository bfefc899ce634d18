import { apiError, protectedRoute } from "@/lib/auth/route";
import { cancelGenerationJob } from "@/lib/generation/use-cases/cancel-generation-job";
import { pauseGenerationJob } from "@/lib/generation/use-cases/pause-generation-job";
import { resumeGenerationJob } from "@/lib/generation/use-cases/resume-generation-job";

export const dynamic = "force-dynamic";

/** POST /api/v1/generation/jobs/{id}/pause | resume | cancel */
export const POST = protectedRoute({ permission: "generation.run" }, async ({ params, user }) => {
  const jobId = String(params.id);
  switch (params.command) {
    case "pause":
      await pauseGenerationJob(user, { jobId });
      break;
    case "resume":
      await resumeGenerationJob(user, { jobId });
      break;
    case "cancel":
      await cancelGenerationJob(user, { jobId });
      break;
    default:
      return apiError("NOT_FOUND", "Use pause, resume or cancel.");
  }
  return { data: { ok: true } };
});
