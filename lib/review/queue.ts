import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { seedListConditions } from "@/lib/seeds/list";
import type { SeedListQuery } from "@/lib/validation/seed-list";
import { wroteUnderReview } from "./four-eyes";

export type QueueItem = { id: string; version: number };
export const QUEUE_LIMIT = 500;

/**
 * What waits for this reviewer, oldest submission first: submitted tasks they did not write (four-eyes.ts)
 * and have not already reviewed at their current version in the current review round (so a task they sent
 * back comes back to them when resubmitted, changed or not), narrowed by the same filters as the seed list.
 */
export async function reviewQueue(
  user: SessionUser,
  filters: Omit<SeedListQuery, "sort" | "dir" | "page" | "size">,
): Promise<QueueItem[]> {
  const conds = [
    Prisma.sql`s."status" = 'SUBMITTED'`,
    Prisma.sql`NOT ${wroteUnderReview(user.id)}`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "SeedReview" r WHERE r."seedId" = s."id" AND r."version" = s."version" AND r."round" = s."reviewRound" AND r."reviewerId" = ${user.id})`,
    ...seedListConditions({ ...filters, status: [] }),
  ];
  return db.$queryRaw<QueueItem[]>`
    SELECT s."id", s."version" FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId"
    WHERE ${Prisma.join(conds, " AND ")}
    ORDER BY s."submittedAt" ASC NULLS LAST, s."id" ASC
    LIMIT ${QUEUE_LIMIT}`;
}

/** How full the seed set already is where this task would land (same type and difficulty). */
export async function coverageContext(taskType: string, difficulty: number | null) {
  const [sameCell, sameType, approved] = await Promise.all([
    db.seedTask.count({ where: { taskType, difficulty, status: "APPROVED" } }),
    db.seedTask.count({ where: { taskType, status: "APPROVED" } }),
    db.seedTask.count({ where: { status: "APPROVED" } }),
  ]);
  return { sameCell, sameType, approved };
}

export async function seedComments(seedId: string) {
  const rows = await db.seedComment.findMany({
    where: { seedId },
    orderBy: { createdAt: "asc" },
    include: { author: { select: { name: true, email: true } } },
  });
  return rows.map((c) => ({
    id: c.id,
    body: c.body,
    version: c.version,
    decision: c.decision,
    createdAt: c.createdAt,
    author: c.author.name ?? c.author.email,
  }));
}
export type SeedCommentView = Awaited<ReturnType<typeof seedComments>>[number];
