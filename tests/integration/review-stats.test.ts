import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import DashboardPage from "@/app/(app)/page";
import { db } from "@/lib/db";
import type { ReviewDecision, SeedStatus } from "@/lib/generated/prisma/client";
import { reviewStats, waitingCounts } from "@/lib/review/stats";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

// Global counts (approved this week, rates, throughput): this file has a database of its own.
isolateDatabase();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);

type User = Awaited<ReturnType<typeof makeUser>>;
let author: User;
let r1: User; // reviewer who also writes seeds
let r2: User;
let admin: User;
let n = 0;

async function task(authorId: string, status: SeedStatus, version = 1, submittedAt: Date | null = null) {
  n += 1;
  const row = await db.seedTask.create({
    data: { instruction: `Task ${n}`, authorId, contentHash: `h${n}`, status, submittedAt, version },
  });
  return row.id;
}

async function review(
  seedId: string,
  version: number,
  reviewerId: string,
  decision: ReviewDecision,
  at: Date,
) {
  await db.seedReview.create({ data: { seedId, version, reviewerId, decision, createdAt: at } });
}

beforeAll(async () => {
  author = await makeUser({ roles: ["AUTHOR"], label: "author" });
  r1 = await makeUser({ roles: ["REVIEWER", "AUTHOR"], label: "r1" });
  r2 = await makeUser({ roles: ["REVIEWER"], label: "r2" });
  admin = await makeUser({ roles: ["ADMIN"], label: "admin" });

  await task(author.id, "SUBMITTED", 1, ago(10 * HOUR)); // t1: nobody has looked at it
  const t2 = await task(author.id, "SUBMITTED", 2, ago(5 * HOUR)); // one of two approvals so far
  await review(t2, 2, r1.id, "APPROVE", ago(1 * HOUR)); // 4 h
  // t3: sent back at v2, edited and resubmitted as v3; that round began at the submit in the audit log
  const t3 = await task(author.id, "SUBMITTED", 3, ago(1 * DAY));
  await db.auditEvent.create({
    data: { action: "seed.submit", targetType: "seed", targetId: t3, at: ago(3 * DAY + 2 * HOUR) },
  });
  await review(t3, 2, r1.id, "REQUEST_CHANGES", ago(3 * DAY)); // 2 h
  const t4 = await task(author.id, "APPROVED", 1, ago(2 * DAY));
  await review(t4, 1, r2.id, "APPROVE", ago(2 * DAY - 3 * HOUR)); // 3 h
  const t5 = await task(author.id, "CHANGES_REQUESTED", 1, ago(20 * DAY + 10 * HOUR));
  await review(t5, 1, r2.id, "REQUEST_CHANGES", ago(20 * DAY)); // 10 h
  await task(author.id, "DRAFT");
  await task(author.id, "DRAFT");
  await task(r1.id, "SUBMITTED", 1, ago(2 * HOUR)); // r1's own task: never in r1's queue
  const t9 = await task(author.id, "APPROVED", 1, ago(10 * DAY + HOUR));
  await review(t9, 1, r1.id, "APPROVE", ago(10 * DAY)); // 1 h, not this week
  const t10 = await task(author.id, "REJECTED", 1, ago(41 * DAY));
  await review(t10, 1, r2.id, "REJECT", ago(40 * DAY)); // outside the 30 days
});

describe("waiting counts", () => {
  it("counts submitted tasks not mine and not yet decided by me at their current version", async () => {
    expect(await waitingCounts(r1)).toEqual({ toReview: 2, changesRequested: 0 });
    expect(await waitingCounts(r2)).toEqual({ toReview: 4, changesRequested: 0 });
    expect(await waitingCounts(admin)).toEqual({ toReview: 4, changesRequested: 0 });
  });

  it("authors see what was sent back to them and have no review queue", async () => {
    expect(await waitingCounts(author)).toEqual({ toReview: 0, changesRequested: 1 });
  });
});

describe("review stats", () => {
  it("reviewer numbers: queue, approved this week, approval rate, median time, throughput", async () => {
    const { reviewer, author: mine } = await reviewStats(r2, now);
    expect(mine).toBeNull();
    expect(reviewer).toMatchObject({ toReview: 4, approvedThisWeek: 1, decisionsLast30Days: 5 });
    expect(reviewer?.approvalRate).toBeCloseTo(3 / 5);
    // durations 1 h, 2 h, 3 h, 4 h, 10 h
    expect(reviewer?.medianReviewMs).toBe(3 * HOUR);
    expect(reviewer?.throughput).toEqual([
      { reviewerId: r1.id, email: r1.email, name: null, decisions: 2 },
      { reviewerId: r2.id, email: r2.email, name: null, decisions: 1 },
    ]);
  });

  it("author numbers: changes requested, drafts, submitted, approved, rejected", async () => {
    const stats = await reviewStats(author, now);
    expect(stats.reviewer).toBeNull();
    expect(stats.author).toEqual({ changesRequested: 1, drafts: 2, submitted: 3, approved: 2, rejected: 1 });
    expect((await reviewStats(r1, now)).author).toEqual({
      changesRequested: 0,
      drafts: 0,
      submitted: 1,
      approved: 0,
      rejected: 0,
    });
  });

  it("with no decisions in the window, rate and median are empty rather than zero", async () => {
    const { reviewer } = await reviewStats(admin, new Date("2000-01-01T00:00:00Z"));
    expect(reviewer).toMatchObject({ approvalRate: null, medianReviewMs: null, decisionsLast30Days: 0 });
    expect(reviewer?.throughput).toEqual([]);
    expect(reviewer?.approvedThisWeek).toBe(0);
  });
});

describe("dashboard tiles", () => {
  const render = async (user: User) => {
    signInAs(user);
    return renderToStaticMarkup(await DashboardPage());
  };

  it("authors get their own counts linking to their filtered seed list, and no review numbers", async () => {
    const html = await render(author);
    const mine = (status: string) => `/seeds?status=${status}&amp;author=${encodeURIComponent(author.email)}`;
    expect(html).toContain(`href="${mine("CHANGES_REQUESTED")}"`);
    expect(html).toContain(`href="${mine("DRAFT")}"`);
    // Approved and rejected too: a rejection was found only by filtering the list.
    expect(html).toContain(`href="${mine("APPROVED")}"`);
    expect(html).toContain(`href="${mine("REJECTED")}"`);
    expect(html).not.toContain("Waiting for your review");
  });

  it("reviewers get the queue link, the rates and the throughput table", async () => {
    const html = await render(r2);
    expect(html).toMatch(/href="\/review"[^>]*>.*?>4<.*?Waiting for your review/);
    expect(html).toContain("60%");
    expect(html).toContain("3 h");
    expect(html).toContain(r1.email);
  });
});
