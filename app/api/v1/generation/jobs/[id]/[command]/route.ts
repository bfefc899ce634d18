import { apiError, protectedRoute } from "@/lib/auth/route";
import { cancelJob, pauseJob, resumeJob } from "@/lib/generation/jobs";
import { enqueueJob } from "@/lib/generation/queue";

export const dynamic = "force-dynamic";

/** POST /api/v1/generation/jobs/{id}/pause | resume | cancel */
export const POST = protectedRoute({ permission: "generation.run" }, async ({ params, user }) => {
  const id = String(params.id);
  switch (params.command) {
    case "pause":
      await pauseJob(id, user);
      break;
    case "resume":
      await resumeJob(id, user);
      await enqueueJob(id);
      break;
    case "cancel":
      await cancelJob(id, user);
      break;
    default:
      return apiError("NOT_FOUND", "Use pause, resume or cancel.");
  }
  return { data: { ok: true } };
});
