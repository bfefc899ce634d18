import { protectedRoute } from "@/lib/auth/route";
import { getEvalItem } from "@/lib/evaluation/use-cases/get-eval-run";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/evaluation/runs/{id}/items/{itemId}: an item of a run as its page shows it to the caller. A
 * clinician who judges blind gets the answers as A and B without the models' names, and no judge's verdicts,
 * until their own verdict is recorded (PUT .../verdict).
 */
export const GET = protectedRoute({ permission: "evaluation.read" }, async ({ params, user }) => ({
  data: await getEvalItem(user, { run: String(params.id), item: String(params.itemId) }),
}));
