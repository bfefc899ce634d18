import "server-only";
import { db } from "@/lib/db";
import { isLive } from "@/lib/generation/job-states";
import { wilsonInterval } from "./sampling";

// The jobs whose output can be browsed, curated and published, with what reviewers have done to it.

export type DatasetJob = {
  id: string;
  number: number;
  state: string;
  /** no longer queued or running: its records hold still (spot checks, analysis, publishing) */
  settled: boolean;
  seedSource: string;
  createdAt: Date;
  target: number;
  kept: number;
  answered: number;
  excluded: number;
  /** answered and not excluded: what a spot check samples and a release takes */
  publishable: number;
  edited: number;
  spotCheck: {
    n: number;
    sampleSize: number;
    share: number | null;
    low: number | null;
    high: number | null;
  } | null;
};

export async function datasetJobs(opts: { jobId?: string; limit?: number } = {}): Promise<DatasetJob[]> {
  const jobs = await db.generationJob.findMany({
    where: { ...(opts.jobId ? { id: opts.jobId } : {}), keptCount: { gt: 0 } },
    orderBy: { number: "desc" },
    take: opts.limit ?? 100,
    select: {
      id: true,
      number: true,
      state: true,
      seedSource: true,
      createdAt: true,
      target: true,
      keptCount: true,
      responsesDone: true,
      spotChecks: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, sampleSize: true, population: true },
      },
    },
  });
  if (!jobs.length) return [];
  const ids = jobs.map((j) => j.id);
  const checkIds = jobs.flatMap((j) => j.spotChecks.map((c) => c.id));
  const [curation, grades] = await Promise.all([
    // Only curated records (a partial index holds them): a job's 52,000 others are not read.
    db.$queryRaw<{ jobId: string; excluded: number; edited: number; excludedAnswered: number }[]>`
      SELECT "jobId", count(*) FILTER (WHERE excluded)::int AS excluded,
             count(*) FILTER (WHERE "curatedInstruction" IS NOT NULL OR "curatedInput" IS NOT NULL
                              OR "curatedOutput" IS NOT NULL)::int AS edited,
             count(*) FILTER (WHERE excluded AND "responseStatus" = 'DONE')::int AS "excludedAnswered"
        FROM "GeneratedTask" WHERE "jobId" = ANY(${ids}) AND "curationVersion" > 0
       GROUP BY "jobId"`,
    checkIds.length
      ? db.$queryRaw<{ spotCheckId: string; n: number; k: number }[]>`
          SELECT "spotCheckId", count(grade)::int AS n, count(*) FILTER (WHERE grade = 'ACCEPTABLE')::int AS k
            FROM "SpotCheckItem" WHERE "spotCheckId" = ANY(${checkIds}) GROUP BY "spotCheckId"`
      : Promise.resolve([]),
  ]);
  const curationOf = new Map(curation.map((c) => [c.jobId, c]));
  const gradesOf = new Map(grades.map((g) => [g.spotCheckId, g]));
  return jobs.map((j) => {
    const check = j.spotChecks[0];
    const g = check ? gradesOf.get(check.id) : undefined;
    const e = check ? wilsonInterval(g?.k ?? 0, g?.n ?? 0, check.population) : null;
    return {
      id: j.id,
      number: j.number,
      state: j.state,
      settled: !isLive(j.state),
      seedSource: j.seedSource,
      createdAt: j.createdAt,
      target: j.target,
      kept: j.keptCount,
      answered: j.responsesDone,
      excluded: curationOf.get(j.id)?.excluded ?? 0,
      publishable: j.responsesDone - (curationOf.get(j.id)?.excludedAnswered ?? 0),
      edited: curationOf.get(j.id)?.edited ?? 0,
      spotCheck:
        check && e
          ? { n: e.n, sampleSize: check.sampleSize, share: e.share, low: e.low, high: e.high }
          : null,
    };
  });
}
