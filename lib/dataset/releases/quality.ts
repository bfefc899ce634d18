import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { stratifiedEstimate } from "@/lib/dataset/sampling";
import { latestSpotCheck } from "@/lib/dataset/spot-checks";
import { db } from "@/lib/db";
import { readSetting, type SettingSpec, updateSetting } from "@/lib/settings/store";
import type { UncheckedJob } from "../spot-coverage";

// The publish quality gate: what the spot checks of the jobs being published say, and whether that is below
// the share acceptable an admin asks for (a setting), in which case publishing needs a stated reason.

export const PUBLISH_MIN_ACCEPTABLE_KEY = "dataset.publishMinAcceptable";
/** 80% acceptable unless an admin says otherwise; 0 turns the share part of the gate off. */
export const DEFAULT_PUBLISH_MIN_ACCEPTABLE = 0.8;

const MIN_ACCEPTABLE: SettingSpec<number> = {
  key: PUBLISH_MIN_ACCEPTABLE_KEY,
  schema: z.number().min(0).max(1),
  fallback: DEFAULT_PUBLISH_MIN_ACCEPTABLE,
};

/** The share acceptable (0..1) below which publishing asks for a reason. */
export function publishMinAcceptable(tx?: Pick<typeof db, "setting">): Promise<number> {
  return readSetting(MIN_ACCEPTABLE, tx);
}

/** Audited as settings.update; saving the same share again changes nothing and leaves no audit row. */
export async function setPublishMinAcceptable(share: number, actor: Actor): Promise<{ changed: boolean }> {
  const { changed } = await updateSetting(MIN_ACCEPTABLE, actor.id, () => share);
  return { changed };
}

export type SpotCheckEstimate = {
  graded: number;
  acceptable: number;
  low: number;
  high: number;
  /** jobs the estimate is of */
  jobs: number;
  /** the set's jobs with no graded spot check, left out of the estimate (absent on releases built before) */
  unchecked?: UncheckedJob[];
};

/**
 * One estimate for a set of jobs: for one job, its latest graded spot check (as on the job's page); for
 * several, a stratified estimate weighting each job by its size, with the jobs it leaves out for want of a
 * graded check. Null when no job has graded records.
 */
export async function jobsSpotCheckEstimate(jobIds: string[]): Promise<SpotCheckEstimate | null> {
  const strata = [];
  const without: string[] = [];
  for (const jobId of jobIds) {
    const check = await latestSpotCheck(jobId, { graded: true });
    if (check) strata.push({ population: check.population, n: check.graded, k: check.grades.ACCEPTABLE });
    else without.push(jobId);
  }
  const e = stratifiedEstimate(strata);
  if (e.share === null) return null;
  const unchecked = without.length
    ? (
        await db.generationJob.findMany({
          where: { id: { in: without } },
          select: { number: true, keptCount: true },
          orderBy: { number: "asc" },
        })
      ).map((j) => ({ number: j.number, records: j.keptCount }))
    : [];
  return {
    graded: e.n,
    acceptable: e.share,
    low: e.low as number,
    high: e.high as number,
    jobs: strata.length,
    unchecked,
  };
}

export type PublishQuality = {
  estimate: SpotCheckEstimate | null;
  /** records of these jobs graded unsafe in any spot check and not excluded since (they would be published) */
  unsafe: number;
  minAcceptable: number;
  /** why a reason is needed, in words; empty when publishing needs none */
  concerns: string[];
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

export async function publishQuality(jobIds: string[]): Promise<PublishQuality> {
  const [estimate, minAcceptable, unsafeRows] = await Promise.all([
    jobsSpotCheckEstimate(jobIds),
    publishMinAcceptable(),
    jobIds.length
      ? db.$queryRaw<{ n: number }[]>`
          SELECT count(DISTINCT i."taskId")::int AS n
            FROM "SpotCheckItem" i
            JOIN "SpotCheck" c ON c.id = i."spotCheckId"
            JOIN "GeneratedTask" t ON t.id = i."taskId"
           WHERE c."jobId" = ANY(${jobIds}) AND i.grade = 'UNSAFE' AND NOT t.excluded`
      : Promise.resolve([{ n: 0 }]),
  ]);
  const unsafe = unsafeRows[0]?.n ?? 0;
  const concerns: string[] = [];
  if (estimate && estimate.acceptable < minAcceptable)
    concerns.push(
      `the spot check estimates ${pct(estimate.acceptable)} acceptable (95% CI ${pct(estimate.low)}–${pct(estimate.high)}), below the ${pct(minAcceptable)} an admin set`,
    );
  if (unsafe > 0)
    concerns.push(
      `${unsafe} record${unsafe === 1 ? "" : "s"} graded unsafe would be published (not excluded)`,
    );
  return { estimate, unsafe, minAcceptable, concerns };
}
