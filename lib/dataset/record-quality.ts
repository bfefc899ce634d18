import "server-only";
import { db } from "@/lib/db";

/** A record's latest LLM rating (score, rationale, raw answer, rubric, model) and its cheap signals. */
export async function recordQuality(taskId: string) {
  const t = await db.generatedTask.findUnique({
    where: { id: taskId },
    select: {
      qualityRating: {
        select: {
          score: true,
          rationale: true,
          raw: true,
          problem: true,
          model: true,
          createdAt: true,
          rubric: { select: { version: true } },
        },
      },
      signals: true,
    },
  });
  return t ? { rating: t.qualityRating, signals: t.signals } : null;
}
