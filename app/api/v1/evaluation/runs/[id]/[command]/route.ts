import { z } from "zod";
import { apiError, protectedRoute } from "@/lib/auth/route";
import { cancelEvalRun, pauseEvalRun, resumeEvalRun } from "@/lib/evaluation/use-cases/control-eval-run";

export const dynamic = "force-dynamic";

/** POST /api/v1/evaluation/runs/{id}/pause | resume | cancel (resume takes an optional {budgetUsd}). */
export const POST = protectedRoute(
  { permission: "evaluation.run", body: z.object({ budgetUsd: z.number().positive().optional() }).strict() },
  async ({ params, body, user }) => {
    const run = String(params.id);
    switch (params.command) {
      case "pause":
        await pauseEvalRun(user, { run });
        break;
      case "resume":
        await resumeEvalRun(user, { run, budgetUsd: body.budgetUsd });
        break;
      case "cancel":
        await cancelEvalRun(user, { run });
        break;
      default:
        return apiError("NOT_FOUND", "Use pause, resume or cancel.");
    }
    return { data: { ok: true } };
  },
);
