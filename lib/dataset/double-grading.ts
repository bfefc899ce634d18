import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SPOT_GRADES, type SpotGrade } from "@/lib/model/spot-grades";
import { doubleGrading } from "@/lib/quality/double-grading";

// Double grading of a spot check (issue 17): two or more reviewers grade every item independently
// (SpotCheckReview). While the check is blind, each sees only their own grades; it opens once two reviewers
// have each graded every item. Then the items all reviewers agree on take that grade (the estimate counts
// them), agreement is measured (Cohen's kappa for two, Krippendorff's alpha for any number), and the items
// they disagree on are listed for a third reviewer to settle.

type Review = { position: number; graderId: string; grade: SpotGrade; note: string | null };

/** The database, or a transaction reading within its lock. */
type Reader = Pick<typeof db, "spotCheck" | "spotCheckReview">;

async function reviewsOf(spotCheckId: string, client: Reader = db): Promise<Review[]> {
  return client.spotCheckReview.findMany({
    where: { spotCheckId },
    select: { position: true, graderId: true, grade: true, note: true },
    orderBy: [{ gradedAt: "asc" }],
  });
}

/** Reviewers who graded every item, in the order they started. */
function completeGraders(reviews: Review[], sampleSize: number): string[] {
  const counts = new Map<string, number>();
  for (const r of reviews) counts.set(r.graderId, (counts.get(r.graderId) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= sampleSize).map(([id]) => id);
}

async function isOpen(spotCheckId: string, client: Reader = db): Promise<boolean> {
  const check = await client.spotCheck.findUnique({
    where: { id: spotCheckId },
    select: { sampleSize: true },
  });
  if (!check) return false;
  return completeGraders(await reviewsOf(spotCheckId, client), check.sampleSize).length >= 2;
}

/** The viewer's own grades while the check is blind; null when it is not double-graded or already open. */
export async function blindGrades(spotCheckId: string, viewerId: string) {
  const check = await db.spotCheck.findUnique({
    where: { id: spotCheckId },
    select: { doubleGrading: true },
  });
  if (!check?.doubleGrading || (await isOpen(spotCheckId))) return null;
  const reviews = await db.spotCheckReview.findMany({ where: { spotCheckId, graderId: viewerId } });
  return new Map(reviews.map((r) => [r.position, { grade: r.grade as SpotGrade, note: r.note }]));
}

export async function gradeBlind(
  input: {
    spotCheckId: string;
    position: number;
    grade: SpotGrade;
    previous: SpotGrade | null;
    note?: string;
  },
  actor: Actor,
): Promise<{ jobId: string }> {
  const note = input.note?.trim() || null;
  const result = await db.$transaction(async (tx) => {
    // One blind grade of a check at a time, under the check's row lock: a grade racing the one that opens the
    // check sees it open, and of one grader's two tabs the second sees the first's grade.
    await tx.$queryRaw`SELECT 1 FROM "SpotCheck" WHERE id = ${input.spotCheckId} FOR UPDATE`;
    // Open (two graders in): the grades count as they are, agreed ones taken and disagreements settled by a
    // third reviewer; a grade changed now would leave a counted grade nobody agrees on any more.
    if (await isOpen(input.spotCheckId, tx))
      throw new AppError(
        "CONFLICT",
        "Two reviewers have graded every record: the grades are open and count as they are. A record they disagree on is settled by a third reviewer on the agreement panel.",
      );
    const item = await tx.spotCheckItem.findUnique({
      where: { spotCheckId_position: { spotCheckId: input.spotCheckId, position: input.position } },
      select: { taskId: true, spotCheck: { select: { jobId: true, number: true } } },
    });
    if (!item) throw new AppError("NOT_FOUND", "That spot-check item does not exist.");
    const key = { spotCheckId: input.spotCheckId, position: input.position, graderId: actor.id };
    const mine = await tx.spotCheckReview.findUnique({ where: { spotCheckId_position_graderId: key } });
    if ((mine?.grade ?? null) !== input.previous)
      throw new AppError(
        "CONFLICT",
        "You graded this record in another tab meanwhile. Reload to see your grade.",
      );
    await tx.spotCheckReview.upsert({
      where: { spotCheckId_position_graderId: key },
      create: { ...key, grade: input.grade, note },
      update: { grade: input.grade, note, gradedAt: new Date() },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.spotcheck.grade",
        targetType: "GeneratedTask",
        targetId: item.taskId,
        after: {
          spotCheck: item.spotCheck.number,
          position: input.position,
          grade: input.grade,
          note,
          blind: true,
        },
      },
      tx,
    );
    return { jobId: item.spotCheck.jobId };
  });
  await settleAgreed(input.spotCheckId);
  return result;
}

/** Once open: every item whose reviewers all agree (and no one settled yet) takes their grade. */
async function settleAgreed(spotCheckId: string): Promise<void> {
  if (!(await isOpen(spotCheckId))) return;
  await db.$executeRaw`
    UPDATE "SpotCheckItem" i
       SET grade = r.grade, "gradedAt" = now()
      FROM (SELECT position, min(grade::text)::"SpotCheckGrade" AS grade
              FROM "SpotCheckReview" WHERE "spotCheckId" = ${spotCheckId}
             GROUP BY position HAVING count(DISTINCT grade) = 1 AND count(*) >= 2) r
     WHERE i."spotCheckId" = ${spotCheckId} AND i.position = r.position AND i.grade IS NULL`;
}

export type DoubleGradingView = {
  doubleGrading: boolean;
  sampleSize: number;
  open: boolean;
  graders: { id: string; name: string; graded: number }[];
  /** only once open */
  agreement: {
    raters: number;
    kappa: {
      kappa: number | null;
      low: number | null;
      high: number | null;
      observed: number | null;
      /** records both graded */
      n: number;
    } | null;
    table: { categories: string[]; counts: number[][] } | null;
    alpha: number | null;
    disagreements: {
      position: number;
      taskId: string;
      instruction: string;
      grades: { grader: string; grade: SpotGrade }[];
      graderIds: string[];
      settled: SpotGrade | null;
    }[];
  } | null;
};

export async function doubleGradingView(spotCheckId: string): Promise<DoubleGradingView | null> {
  const check = await db.spotCheck.findUnique({
    where: { id: spotCheckId },
    select: { doubleGrading: true, sampleSize: true },
  });
  if (!check) return null;
  const reviews = await reviewsOf(spotCheckId);
  const graderIds = [...new Set(reviews.map((r) => r.graderId))];
  const users = await db.user.findMany({
    where: { id: { in: graderIds } },
    select: { id: true, name: true, email: true },
  });
  const name = (id: string) => {
    const u = users.find((x) => x.id === id);
    return u ? (u.name ?? u.email) : "a reviewer";
  };
  const graders = graderIds.map((id) => ({
    id,
    name: name(id),
    graded: reviews.filter((r) => r.graderId === id).length,
  }));
  const open = completeGraders(reviews, check.sampleSize).length >= 2;
  const base = { doubleGrading: check.doubleGrading, sampleSize: check.sampleSize, open, graders };
  if (!open) return { ...base, agreement: null };
  const items = await db.spotCheckItem.findMany({
    where: { spotCheckId },
    orderBy: { position: "asc" },
    select: {
      position: true,
      grade: true,
      task: { select: { id: true, instruction: true, curatedInstruction: true } },
    },
  });
  const units = items.map((i) => ({
    id: i.position,
    grades: graderIds.map(
      (g) => reviews.find((r) => r.position === i.position && r.graderId === g)?.grade ?? null,
    ),
  }));
  const result = doubleGrading(units, [...SPOT_GRADES]);
  const disagreeing = new Set(result.disagreements.map((d) => d.id));
  return {
    ...base,
    agreement: {
      raters: result.raters,
      kappa: result.pair
        ? {
            kappa: result.pair.kappa.kappa,
            low: result.pair.kappa.low,
            high: result.pair.kappa.high,
            observed: result.pair.kappa.observed,
            n: result.pair.kappa.n,
          }
        : null,
      table: result.pair
        ? { categories: result.pair.table.categories, counts: result.pair.table.counts }
        : null,
      alpha: result.alpha.alpha,
      disagreements: items
        .filter((i) => disagreeing.has(i.position))
        .map((i) => ({
          position: i.position,
          taskId: i.task.id,
          instruction: i.task.curatedInstruction ?? i.task.instruction,
          grades: reviews
            .filter((r) => r.position === i.position)
            .map((r) => ({ grader: name(r.graderId), grade: r.grade })),
          graderIds: reviews.filter((r) => r.position === i.position).map((r) => r.graderId),
          settled: i.grade as SpotGrade | null,
        })),
    },
  };
}

/** A third reviewer settles an item the graders disagree on: its grade is the one counted. */
export async function settleDisagreement(
  input: { spotCheckId: string; position: number; grade: SpotGrade },
  actor: Actor,
): Promise<{ jobId: string }> {
  if (!(await isOpen(input.spotCheckId)))
    throw new AppError(
      "CONFLICT",
      "The graders are not all in yet: settle once both have graded every record.",
    );
  const reviews = await db.spotCheckReview.findMany({
    where: { spotCheckId: input.spotCheckId, position: input.position },
  });
  if (new Set(reviews.map((r) => r.grade)).size < 2)
    throw new AppError("INVALID", "The graders agree on this record: there is nothing to settle.");
  if (reviews.some((r) => r.graderId === actor.id))
    throw new AppError("FORBIDDEN", "You graded this record: a third reviewer settles it.");
  return db.$transaction(async (tx) => {
    const where = { spotCheckId_position: { spotCheckId: input.spotCheckId, position: input.position } };
    // Settled once: a second reviewer settling from the same page is told, not written over the first.
    const settled = await tx.spotCheckItem.updateMany({
      where: { spotCheckId: input.spotCheckId, position: input.position, grade: null },
      data: { grade: input.grade, graderId: actor.id, gradedAt: new Date() },
    });
    const item = await tx.spotCheckItem.findUniqueOrThrow({
      where,
      select: {
        taskId: true,
        grade: true,
        grader: { select: { name: true, email: true } },
        spotCheck: { select: { jobId: true, number: true } },
      },
    });
    if (!settled.count)
      throw new AppError(
        "CONFLICT",
        `${item.grader ? (item.grader.name ?? item.grader.email) : "Another reviewer"} settled this record meanwhile (${String(item.grade).toLowerCase().replace("_", " ")}). Reload to see it.`,
      );
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.spotcheck.settle",
        targetType: "GeneratedTask",
        targetId: item.taskId,
        after: { spotCheck: item.spotCheck.number, position: input.position, grade: input.grade },
      },
      tx,
    );
    return { jobId: item.spotCheck.jobId };
  });
}
