import "server-only";
import { db } from "@/lib/db";
import { agreementAtThreshold, bestThreshold, type ThresholdAgreement } from "@/lib/quality/threshold";

// How far the LLM rating can be trusted (issue 17): on a spot check's graded records that are rated, the
// reviewers' verdict (acceptable or not) against "rated >= threshold": Cohen's kappa with its 95% interval,
// the confusion table, and the threshold that agrees best.

export type RatingAgreement = {
  pairs: number;
  threshold: number;
  at: ThresholdAgreement | null;
  best: ThresholdAgreement | null;
};

export async function ratingAgreement(spotCheckId: string, threshold = 4.5): Promise<RatingAgreement> {
  const rows = await db.$queryRaw<{ score: number; acceptable: boolean }[]>`
    SELECT t."qualityScore" AS score, (i.grade = 'ACCEPTABLE') AS acceptable
      FROM "SpotCheckItem" i JOIN "GeneratedTask" t ON t.id = i."taskId"
     WHERE i."spotCheckId" = ${spotCheckId} AND i.grade IS NOT NULL AND t."qualityScore" IS NOT NULL`;
  if (!rows.length) return { pairs: 0, threshold, at: null, best: null };
  const candidates = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];
  return {
    pairs: rows.length,
    threshold,
    at: agreementAtThreshold(rows, threshold),
    best: bestThreshold(rows, candidates).best,
  };
}
