import { protectedRoute } from "@/lib/auth/route";
import { getEvalResult, getEvalRun } from "@/lib/evaluation/use-cases/get-eval-run";

export const dynamic = "force-dynamic";

/** GET /api/v1/evaluation/runs/{id}: state, progress, summary and the results JSON of the CLI's shape. */
export const GET = protectedRoute({ permission: "evaluation.read" }, async ({ params, user }) => {
  const run = String(params.id);
  const view = await getEvalRun(user, { run });
  return {
    data: {
      run: view.run,
      progress: view.progress,
      agreement: view.agreement,
      result: await getEvalResult(user, { run }),
    },
  };
});
