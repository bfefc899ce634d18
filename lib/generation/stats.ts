import "server-only";
import { db } from "@/lib/db";
import { JOB_STATES, type JobState } from "@/lib/model/job-states";

/** How many generation jobs are in each state (every state present, 0 when none), for the dashboard. */
export async function jobStateCounts(): Promise<Record<JobState, number>> {
  const rows = await db.generationJob.groupBy({ by: ["state"], _count: { _all: true } });
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const r of rows) counts[r.state] = r._count._all;
  return counts;
}
