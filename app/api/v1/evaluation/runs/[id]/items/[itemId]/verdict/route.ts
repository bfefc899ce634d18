import { protectedRoute } from "@/lib/auth/route";
import { humanVerdictBodySchema } from "@/lib/evaluation/api-schemas";
import { getEvalItem } from "@/lib/evaluation/use-cases/get-eval-run";
import { recordHumanVerdict } from "@/lib/evaluation/use-cases/record-human-verdict";

export const dynamic = "force-dynamic";

/**
 * PUT /api/v1/evaluation/runs/{id}/items/{itemId}/verdict: the caller's own verdict on the item, as `outcome`
 * (candidate, reference, tie) or, judging blind, `answer` (A, B, tie, as GET showed them). A second PUT changes
 * it; the agreement with the judge keeps the first. Answers with the item as it now shows (names and the judge's
 * verdicts revealed).
 */
export const PUT = protectedRoute(
  { permission: "evaluation.judge", body: humanVerdictBodySchema },
  async ({ params, body, user }) => {
    const run = String(params.id);
    const item = String(params.itemId);
    await recordHumanVerdict(user, { runId: run, itemId: item, ...body });
    return { data: await getEvalItem(user, { run, item }) };
  },
);
