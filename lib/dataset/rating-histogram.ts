import "server-only";
import { db } from "@/lib/db";

// The rating histogram of a job's kept, not excluded records (issue 17), per task type and per difficulty:
// how many scored 1, 2, 3, 4, 5 (half points fall in the bin below: 4.5 counts as 4) and how many have no score.
// (LEAST ignores NULLs in PostgreSQL: an unrated record must not fall in bin 5.)

export const RATING_BINS = [1, 2, 3, 4, 5] as const;
export type HistogramRow = { key: string; bins: number[]; unrated: number; total: number };
export type RatingHistogram = { overall: HistogramRow; byType: HistogramRow[]; byDifficulty: HistogramRow[] };

export async function ratingHistogram(jobId: string): Promise<RatingHistogram> {
  const rows = await db.$queryRaw<
    { type: string; difficulty: number | null; bin: number | null; n: number }[]
  >`
    SELECT "taskType" AS type, difficulty, CASE WHEN "qualityScore" IS NOT NULL THEN LEAST(5, floor("qualityScore"))::int END AS bin, count(*)::int AS n
      FROM "GeneratedTask"
     WHERE "jobId" = ${jobId} AND kept AND NOT excluded AND "responseStatus" = 'DONE'
     GROUP BY 1, 2, 3`;
  const group = (keyOf: (r: (typeof rows)[number]) => string) => {
    const map = new Map<string, HistogramRow>();
    for (const r of rows) {
      const key = keyOf(r);
      const row = map.get(key) ?? { key, bins: RATING_BINS.map(() => 0), unrated: 0, total: 0 };
      if (r.bin === null) row.unrated += r.n;
      else row.bins[r.bin - 1] = (row.bins[r.bin - 1] ?? 0) + r.n;
      row.total += r.n;
      map.set(key, row);
    }
    return [...map.values()].sort((a, b) => a.key.localeCompare(b.key));
  };
  return {
    overall: group(() => "All records")[0] ?? {
      key: "All records",
      bins: [0, 0, 0, 0, 0],
      unrated: 0,
      total: 0,
    },
    byType: group((r) => r.type || "(no type)"),
    byDifficulty: group((r) => (r.difficulty ? `Difficulty ${r.difficulty}` : "(no difficulty)")),
  };
}
