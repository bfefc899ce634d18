import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { stratifiedEstimate } from "@/lib/dataset/sampling";
import { latestSpotCheck } from "@/lib/dataset/spot-checks";
import { db } from "@/lib/db";

// The publish quality gate: what the spot checks of the jobs being published say, and whether that is below
// the share acceptable an admin asks for (a setting), in which case publishing needs a stated reason.

export const PUBLISH_MIN_ACCEPTABLE_KEY = "dataset.publishMinAcceptable";
/** 80% acceptable unless an admin says otherwise; 0 turns the share part of the gate off. */
export const DEFAULT_PUBLISH_MIN_ACCEPTABLE = 0.8;

type Tx = Pick<typeof db, "setting">;

/** The share acceptable (0..1) below which publishing asks for a reason. */
export async function publishMinAcceptable(tx: Tx = db): Promise<number> {
  const row = await tx.setting.findUnique({ where: { key: PUBLISH_MIN_ACCEPTABLE_KEY } });
  const x = Number(row?.value ?? DEFAULT_PUBLISH_MIN_ACCEPTABLE);
  return Number.isFinite(x) && x >= 0 && x <= 1 ? x : DEFAULT_PUBLISH_MIN_ACCEPTABLE;
}

export async function setPublishMinAcceptable(share: number, actor: Actor): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await publishMinAcceptable(tx);
    if (before === share) return { changed: false };
    await tx.setting.upsert({
      where: { key: PUBLISH_MIN_ACCEPTABLE_KEY },
      create: { key: PUBLISH_MIN_ACCEPTABLE_KEY, value: share },
      update: { value: share },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "settings.update",
        targetType: "setting",
        targetId: PUBLISH_MIN_ACCEPTABLE_KEY,
        before: { value: before },
        after: { value: share },
      },
      tx,
    );
    return { changed: true };
  });
}

export type SpotCheckEstimate = {
  graded: number;
  acceptable: number;
  low: number;
  high: number;
  jobs: number;
};

/**
 * One estimate for a set of jobs: for one job, its latest graded spot check (as on the job's page); for
 * several, a stratified estimate weighting each job by its size. Null when no job has graded records.
 */
export async function jobsSpotCheckEstimate(jobIds: string[]): Promise<SpotCheckEstimate | null> {
  const strata = [];
  for (const jobId of jobIds) {
    const check = await latestSpotCheck(jobId, { graded: true });
    if (check) strata.push({ population: check.population, n: check.graded, k: check.grades.ACCEPTABLE });
  }
  const e = stratifiedEstimate(strata);
  return e.share === null
    ? null
    : { graded: e.n, acceptable: e.share, low: e.low as number, high: e.high as number, jobs: strata.length };
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
