import { protectedRoute } from "@/lib/auth/route";
import { startEvalRunBodySchema } from "@/lib/evaluation/api-schemas";
import { listEvalRuns } from "@/lib/evaluation/use-cases/get-eval-run";
import { startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";

export const dynamic = "force-dynamic";

/** GET /api/v1/evaluation/runs: evaluation runs, newest first, with their win rates. */
export const GET = protectedRoute({ permission: "evaluation.read" }, async ({ user }) => ({
  data: await listEvalRuns(user),
}));

/** POST /api/v1/evaluation/runs: records a run and queues it; a worker drives it. */
export const POST = protectedRoute(
  { permission: "evaluation.run", body: startEvalRunBodySchema },
  async ({ body, user }) => {
    const run = await startEvalRun(user, body);
    return Response.json({ data: run }, { status: 201 });
  },
);
