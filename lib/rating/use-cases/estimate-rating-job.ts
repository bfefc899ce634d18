import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { StartRatingInput } from "@/lib/validation/rating";
import { estimateRating } from "../jobs";

/** What a rating job would cost, sending nothing: records, how many are cached (free), tokens and dollars. */
export async function estimateRatingJob(actor: Actor, input: StartRatingInput) {
  authorize(actor, "rating.run");
  return estimateRating(input);
}
