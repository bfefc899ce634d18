import "server-only";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { wroteUnderReview } from "./four-eyes";

// The numbers on the dashboard. Reviewer numbers are for people who may review (seed.review); author
// numbers for people who may write seeds (seed.create); someone with both roles gets both.

const DAY = 86_400_000;

export type ReviewerThroughput = {
  reviewerId: string;
  email: string;
  name: string | null;
  decisions: number;
};

export type ReviewerStats = {
  /** Submitted, not mine, and I have not decided on its current version in this review round yet. */
  toReview: number;
  /** Tasks approved (at their current version) by an approval in the last 7 days. */
  approvedThisWeek: number;
  /** Approvals / all decisions in the last 30 days; null with no decision. */
  approvalRate: number | null;
  decisionsLast30Days: number;
  /** Median time from the start of the review round to each decision, last 30 days; null with no data. */
  medianReviewMs: number | null;
  /** Decisions per reviewer in the last 7 days, busiest first. */
  throughput: ReviewerThroughput[];
};

export type AuthorStats = {
  changesRequested: number;
  drafts: number;
  submitted: number;
  approved: number;
  rejected: number;
};

export type ReviewStats = { reviewer: ReviewerStats | null; author: AuthorStats | null };

type Who = Pick<SessionUser, "id" | "roles">;

async function toReviewCount(userId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "SeedTask" s
    WHERE s."status" = 'SUBMITTED' AND NOT ${wroteUnderReview(userId)}
      AND NOT EXISTS (SELECT 1 FROM "SeedReview" r
                      WHERE r."seedId" = s."id" AND r."version" = s."version" AND r."round" = s."reviewRound" AND r."reviewerId" = ${userId})`;
  return row?.n ?? 0;
}

async function approvedSince(since: Date, until: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "SeedTask" s
    WHERE s."status" = 'APPROVED'
      AND EXISTS (SELECT 1 FROM "SeedReview" r
                  WHERE r."seedId" = s."id" AND r."version" = s."version" AND r."decision" = 'APPROVE'
                    AND r."createdAt" >= ${since} AND r."createdAt" <= ${until})`;
  return row?.n ?? 0;
}

// A round starts at the last submit before the decision. `submittedAt` only holds the latest round, so an
// earlier round's start comes from its seed.submit audit event; a decision with neither is left out.
async function decisionsSince(since: Date, until: Date) {
  const [row] = await db.$queryRaw<{ decisions: number; approvals: number; median: number | null }[]>`
    SELECT count(*)::int AS decisions,
           count(*) FILTER (WHERE r."decision" = 'APPROVE')::int AS approvals,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r."createdAt" - GREATEST(
             (SELECT max(a."at") FROM "AuditEvent" a
              WHERE a."action" = 'seed.submit' AND a."targetType" = 'seed' AND a."targetId" = r."seedId"
                AND a."at" <= r."createdAt"),
             CASE WHEN s."submittedAt" <= r."createdAt" THEN s."submittedAt" END
           )))::float8 AS median
    FROM "SeedReview" r JOIN "SeedTask" s ON s."id" = r."seedId"
    WHERE r."createdAt" >= ${since} AND r."createdAt" <= ${until}`;
  return {
    decisions: row?.decisions ?? 0,
    approvals: row?.approvals ?? 0,
    medianMs: row?.median == null ? null : Math.round(row.median * 1000),
  };
}

async function throughputSince(since: Date, until: Date): Promise<ReviewerThroughput[]> {
  return db.$queryRaw<ReviewerThroughput[]>`
    SELECT u."id" AS "reviewerId", u."email", u."name", count(*)::int AS decisions
    FROM "SeedReview" r JOIN "User" u ON u."id" = r."reviewerId"
    WHERE r."createdAt" >= ${since} AND r."createdAt" <= ${until}
    GROUP BY u."id", u."email", u."name"
    ORDER BY decisions DESC, u."email" ASC
    LIMIT 20`;
}

async function myStatusCounts(userId: string): Promise<Partial<Record<string, number>>> {
  const groups = await db.seedTask.groupBy({
    by: ["status"],
    where: {
      authorId: userId,
      status: { in: ["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED"] },
    },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

async function reviewerStats(user: Who, now: Date): Promise<ReviewerStats> {
  const week = new Date(now.getTime() - 7 * DAY);
  const month = new Date(now.getTime() - 30 * DAY);
  const [toReview, approvedThisWeek, decided, throughput] = await Promise.all([
    toReviewCount(user.id),
    approvedSince(week, now),
    decisionsSince(month, now),
    throughputSince(week, now),
  ]);
  return {
    toReview,
    approvedThisWeek,
    approvalRate: decided.decisions ? decided.approvals / decided.decisions : null,
    decisionsLast30Days: decided.decisions,
    medianReviewMs: decided.medianMs,
    throughput,
  };
}

export async function reviewStats(user: Who, now = new Date()): Promise<ReviewStats> {
  const [reviewer, counts] = await Promise.all([
    can(user.roles, "seed.review") ? reviewerStats(user, now) : null,
    can(user.roles, "seed.create") ? myStatusCounts(user.id) : null,
  ]);
  const author = counts
    ? {
        changesRequested: counts.CHANGES_REQUESTED ?? 0,
        drafts: counts.DRAFT ?? 0,
        submitted: counts.SUBMITTED ?? 0,
        approved: counts.APPROVED ?? 0,
        rejected: counts.REJECTED ?? 0,
      }
    : null;
  return { reviewer, author };
}

/** For the header badge: what is waiting for this person (0 where their roles do not apply). */
export async function waitingCounts(user: Who): Promise<{ toReview: number; changesRequested: number }> {
  const [toReview, changesRequested] = await Promise.all([
    can(user.roles, "seed.review") ? toReviewCount(user.id) : 0,
    can(user.roles, "seed.create")
      ? db.seedTask.count({ where: { authorId: user.id, status: "CHANGES_REQUESTED" } })
      : 0,
  ]);
  return { toReview, changesRequested };
}
