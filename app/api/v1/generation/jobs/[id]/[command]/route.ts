import { apiError, protectedRoute } from "@/lib/auth/route";
import { cancelGenerationJob } from "@/lib/generation/use-cases/cancel-generation-job";
import { pauseGenerationJob } from "@/lib/generation/use-cases/pause-generation-job";
import { resumeGenerationJob } from "@/lib/generation/use-cases/resume-generation-job";
import { resumeOptionsSchema } from "@/lib/validation/generation";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/generation/jobs/{id}/pause | resume | cancel. Resume takes an optional body:
 * `{"budgetUsd": 50}` raises the budget, `{"phiModelText": "warn"}` lets model-written text through the PHI
 * gate with a warning from now on.
 */
export const POST = protectedRoute(
  { permission: "generation.run", body: resumeOptionsSchema },
  async ({ params, user, body }) => {
    const jobId = String(params.id);
    switch (params.command) {
      case "pause":
        await pauseGenerationJob(user, { jobId });
        break;
      case "resume":
        await resumeGenerationJob(user, { jobId, ...body });
        break;
      case "cancel":
        await cancelGenerationJob(user, { jobId });
        break;
      default:
        return apiError("NOT_FOUND", "Use pause, resume or cancel.");
    }
    return { data: { ok: true } };
  },
);
