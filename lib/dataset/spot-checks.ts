import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { isLive } from "@/lib/generation/job-states";
import { randomRngSeed, sampleSeedIndexes } from "@/lib/generation/rng";
import { currentText, RECORD_TEXT_COLUMNS } from "@/lib/model/record-text";
import { SPOT_GRADE_LABELS, SPOT_GRADES, type SpotGrade } from "@/lib/model/spot-grades";
import { blindGrades, gradeBlind } from "./double-grading";
import { type Estimate, sampleSizeFor, wilsonInterval } from "./sampling";

// Spot checks: a simple random sample of a job's publishable records (kept, answered, not excluded), sized
// for a margin of error, graded by reviewers; the share acceptable is estimated with a 95% interval, overall
// and per task type and difficulty.

// The publishable records of a job, in seq order (the order the sample's indexes count in).
const PUBLISHABLE = (jobId: string) =>
  Prisma.sql`FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND NOT excluded AND "responseStatus" = 'DONE'`;

export async function startSpotCheck(
  jobId: string,
  marginOfError: number,
  actor: Actor,
  opts: { doubleGrading?: boolean } = {},
) {
  const job = await db.generationJob.findUnique({
    where: { id: jobId },
    select: { state: true, number: true },
  });
  if (!job) throw new AppError("NOT_FOUND", "That generation job does not exist.");
  if (isLive(job.state))
    throw new AppError(
      "CONFLICT",
      "The job is still running: spot-check it once it has finished (or pause it), so the sample stands for what is published.",
    );
  // One snapshot for the count and the picks. Only the picked records' ids leave the database: the sample
  // draws positions 0..n-1 in seq order, and the database numbers the rows (reading a 50,000-record job's
  // ids into the process to pick a few hundred took most of the time).
  const check = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`;
    const [counted] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n ${PUBLISHABLE(jobId)}`;
    const population = counted?.n ?? 0;
    if (!population) throw new AppError("INVALID", "This job has no answered records to check.");
    const sampleSize = sampleSizeFor(marginOfError, population);
    const rngSeed = randomRngSeed();
    const picks = sampleSeedIndexes(population, sampleSize, rngSeed, 0);
    const ranked = await tx.$queryRaw<{ id: string; k: number }[]>`
      SELECT id, k FROM (SELECT id, (row_number() OVER (ORDER BY seq) - 1)::int AS k ${PUBLISHABLE(jobId)}) r
       WHERE k = ANY(${picks})`;
    const idAt = new Map(ranked.map((r) => [r.k, r.id]));
    const created = await tx.spotCheck.create({
      data: {
        jobId,
        marginOfError,
        population,
        sampleSize,
        rngSeed,
        creatorId: actor.id,
        doubleGrading: opts.doubleGrading ?? false,
      },
      select: { id: true, number: true },
    });
    await tx.spotCheckItem.createMany({
      data: picks.map((i, position) => ({
        spotCheckId: created.id,
        position,
        taskId: idAt.get(i) as string,
      })),
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.spotcheck.start",
        targetType: "GenerationJob",
        targetId: jobId,
        after: {
          spotCheck: created.number,
          marginOfError,
          population,
          sampleSize,
          rngSeed,
          doubleGrading: opts.doubleGrading ?? false,
        },
      },
      tx,
    );
    return { ...created, sampleSize, population };
  });
  return check;
}

export async function gradeItem(
  input: {
    spotCheckId: string;
    position: number;
    grade: SpotGrade;
    previous: SpotGrade | null;
    note?: string;
  },
  actor: Actor,
) {
  const key = { spotCheckId: input.spotCheckId, position: input.position };
  const check = await db.spotCheck.findUnique({
    where: { id: input.spotCheckId },
    select: { doubleGrading: true },
  });
  if (check?.doubleGrading) return gradeBlind(input, actor);
  return db.$transaction(async (tx) => {
    const item = await tx.spotCheckItem.findUnique({
      where: { spotCheckId_position: key },
      select: {
        taskId: true,
        grade: true,
        note: true,
        grader: { select: { name: true, email: true } },
        spotCheck: { select: { jobId: true, number: true } },
      },
    });
    if (!item) throw new AppError("NOT_FOUND", "That spot-check item does not exist.");
    const note = input.note?.trim() || null;
    // Only over the grade the grader saw: of two reviewers grading one record at once, the second is told.
    const { count } = await tx.spotCheckItem.updateMany({
      where: { ...key, grade: input.previous },
      data: { grade: input.grade, note, graderId: actor.id, gradedAt: new Date() },
    });
    if (count === 0) {
      const now = await tx.spotCheckItem.findUnique({
        where: { spotCheckId_position: key },
        select: { grade: true, grader: { select: { name: true, email: true } } },
      });
      const by = now?.grader ? ` by ${now.grader.name ?? now.grader.email}` : "";
      throw new AppError(
        "CONFLICT",
        `Record ${input.position + 1} was graded ${now?.grade ? SPOT_GRADE_LABELS[now.grade].toLowerCase() : "differently"}${by} after this page was opened. Reload to see the sample as it is now.`,
      );
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.spotcheck.grade",
        targetType: "GeneratedTask",
        targetId: item.taskId,
        before: item.grade ? { grade: item.grade, note: item.note } : undefined,
        after: { spotCheck: item.spotCheck.number, position: input.position, grade: input.grade, note },
      },
      tx,
    );
    return { jobId: item.spotCheck.jobId };
  });
}

export type GroupEstimate = Estimate & { label: string };

export type SpotCheckSummary = {
  id: string;
  number: number;
  jobId: string;
  marginOfError: number;
  population: number;
  sampleSize: number;
  graded: number;
  createdAt: Date;
  creator: string;
  grades: Record<SpotGrade, number>;
  overall: Estimate;
  byType: GroupEstimate[];
  byDifficulty: GroupEstimate[];
};

type GradedRow = { grade: SpotGrade; taskType: string; difficulty: number | null };

function byGroup(rows: GradedRow[], key: (r: GradedRow) => string): GroupEstimate[] {
  const groups = new Map<string, { n: number; k: number }>();
  for (const r of rows) {
    const g = groups.get(key(r)) ?? { n: 0, k: 0 };
    g.n++;
    if (r.grade === "ACCEPTABLE") g.k++;
    groups.set(key(r), g);
  }
  return [...groups.entries()]
    .map(([label, g]) => ({ label, ...wilsonInterval(g.k, g.n) }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
}

export async function spotCheckSummary(spotCheckId: string): Promise<SpotCheckSummary | null> {
  const check = await db.spotCheck.findUnique({
    where: { id: spotCheckId },
    include: { creator: { select: { name: true, email: true } } },
  });
  if (!check) return null;
  const rows = await db.$queryRaw<GradedRow[]>`
    SELECT i.grade::text AS grade, t."taskType", t.difficulty
      FROM "SpotCheckItem" i JOIN "GeneratedTask" t ON t.id = i."taskId"
     WHERE i."spotCheckId" = ${spotCheckId} AND i.grade IS NOT NULL`;
  const grades = Object.fromEntries(SPOT_GRADES.map((g) => [g, 0])) as Record<SpotGrade, number>;
  for (const r of rows) grades[r.grade]++;
  return {
    id: check.id,
    number: check.number,
    jobId: check.jobId,
    marginOfError: check.marginOfError,
    population: check.population,
    sampleSize: check.sampleSize,
    graded: rows.length,
    createdAt: check.createdAt,
    creator: check.creator.name ?? check.creator.email,
    grades,
    overall: wilsonInterval(grades.ACCEPTABLE, rows.length, check.population),
    byType: byGroup(rows, (r) => r.taskType || "(no type)"),
    byDifficulty: byGroup(rows, (r) => (r.difficulty ? `Difficulty ${r.difficulty}` : "No difficulty")).sort(
      (a, b) => a.label.localeCompare(b.label),
    ),
  };
}

/**
 * The job's latest spot check; with `graded`, the latest with anything graded (for an estimate, a new
 * sample nobody has graded yet must not hide an older one).
 */
export async function latestSpotCheck(
  jobId: string,
  opts: { graded?: boolean } = {},
): Promise<SpotCheckSummary | null> {
  const last = await db.spotCheck.findFirst({
    where: { jobId, ...(opts.graded ? { items: { some: { grade: { not: null } } } } : {}) },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return last ? spotCheckSummary(last.id) : null;
}

export async function listSpotChecks(jobId: string) {
  return db.spotCheck.findMany({
    where: { jobId },
    orderBy: { createdAt: "desc" },
    select: { id: true, number: true, sampleSize: true, marginOfError: true, createdAt: true },
  });
}

/**
 * The items of a spot check in sample order, each with the record as it now reads. In a double-graded check
 * still blind (lib/dataset/double-grading.ts), each item shows the viewer's own grade only.
 */
export async function spotCheckItems(spotCheckId: string, viewerId?: string) {
  const own = viewerId ? await blindGrades(spotCheckId, viewerId) : null;
  const items = await db.spotCheckItem.findMany({
    where: { spotCheckId },
    orderBy: { position: "asc" },
    include: {
      grader: { select: { name: true, email: true } },
      task: {
        select: {
          id: true,
          seq: true,
          ...RECORD_TEXT_COLUMNS,
          taskType: true,
          topic: true,
          view: true,
          difficulty: true,
          excluded: true,
        },
      },
    },
  });
  return items.map((i) => ({
    position: i.position,
    grade: own ? (own.get(i.position)?.grade ?? null) : (i.grade as SpotGrade | null),
    note: own ? (own.get(i.position)?.note ?? null) : i.note,
    grader: own ? null : i.grader ? (i.grader.name ?? i.grader.email) : null,
    task: {
      id: i.task.id,
      seq: i.task.seq,
      ...currentText(i.task),
      taskType: i.task.taskType,
      topic: i.task.topic,
      view: i.task.view,
      difficulty: i.task.difficulty,
      excluded: i.task.excluded,
    },
  }));
}
