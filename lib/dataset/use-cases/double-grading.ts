import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { SpotGrade } from "@/lib/model/spot-grades";
import { doubleGradingView, settleDisagreement } from "../double-grading";
import { ratingAgreement } from "../rating-agreement";

/** Double grading of a spot check: who graded how much, and once everyone is in, kappa/alpha and disagreements. */
export async function getDoubleGrading(actor: Actor, input: { spotCheckId: string }) {
  authorize(actor, "dataset.spotcheck");
  return doubleGradingView(input.spotCheckId);
}

/** A third reviewer settles a record the graders disagree on (audited as dataset.spotcheck.settle). */
export async function settleSpotCheckItem(
  actor: Actor,
  input: { spotCheckId: string; position: number; grade: SpotGrade },
) {
  authorize(actor, "dataset.spotcheck");
  return settleDisagreement(input, actor);
}

/** The LLM rating against the spot check's grades: kappa, its interval, the table, the best threshold. */
export async function getRatingAgreement(actor: Actor, input: { spotCheckId: string; threshold?: number }) {
  authorize(actor, "dataset.read");
  return ratingAgreement(input.spotCheckId, input.threshold);
}
