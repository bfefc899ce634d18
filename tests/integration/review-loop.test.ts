import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import {
  bulkArchiveAction,
  bulkReviewAction,
  bulkSubmitAction,
  reviewSeedAction,
  submitSeedAction,
  undoApprovalAction,
} from "@/lib/review/actions";
import { reviewQueue } from "@/lib/review/queue";
import { resubmissions } from "@/lib/review/resubmission";
import { reviewStats } from "@/lib/review/stats";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { seedListQuerySchema } from "@/lib/validation/seed-list";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// Review must not be skipped or fooled: a task sent back comes back to the reviewer who asked, marked, also
// when resubmitted unchanged; bulk approval refuses it without a second confirmation; an approval can be
// undone for a moment, never over someone else's later action. Authors submit and archive drafts in bulk.
// Own database: the approvals setting is global.
isolateDatabase();

const complete = (n: number | string = Math.random()) => ({
  instruction: `Explain the management of hyperkalaemia, case ${n}.`,
  topic: "Nephrology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 3,
});

type User = Awaited<ReturnType<typeof makeUser>>;

async function submitted(author: User, n?: number | string) {
  signInAs(author);
  const c = await createSeedAction(complete(n));
  if (!c.ok) throw new Error(c.message);
  expect(await submitSeedAction({ id: c.data.id, version: 1 })).toMatchObject({ ok: true });
  return c.data.id;
}

const inQueue = async (user: User, id: string) =>
  (await reviewQueue(user, seedListQuerySchema.parse({}))).some((q) => q.id === id);

const setApprovalsRequired = (value: number) =>
  db.setting.upsert({
    where: { key: "review.approvalsRequired" },
    create: { key: "review.approvalsRequired", value },
    update: { value },
  });

async function sendBack(reviewer: User, id: string, version: number, reason: string) {
  signInAs(reviewer);
  expect(await reviewSeedAction({ id, version, action: "request_changes", reason })).toMatchObject({
    ok: true,
    data: { status: "CHANGES_REQUESTED" },
  });
}

describe("a task sent back and resubmitted", () => {
  it("unchanged: it is back in the queue of the reviewer who asked, marked with the request and 'nothing changed'", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author);
    await sendBack(reviewer, id, 1, "Give the potassium value.");
    expect(await inQueue(reviewer, id)).toBe(false);
    expect((await reviewStats(reviewer)).reviewer?.toReview).toBe(0);

    signInAs(author);
    expect(await submitSeedAction({ id, version: 1 })).toMatchObject({ ok: true, data: { version: 1 } });
    expect(await inQueue(reviewer, id)).toBe(true);
    expect((await reviewStats(reviewer)).reviewer?.toReview).toBe(1);
    expect((await resubmissions([id])).get(id)).toMatchObject({
      decision: "REQUEST_CHANGES",
      reason: "Give the potassium value.",
      fromVersion: 1,
      changed: false,
    });

    // The same reviewer decides again on the same version: a new round, not a second vote.
    await sendBack(reviewer, id, 1, "Still no potassium value.");
    signInAs(author);
    expect(await submitSeedAction({ id, version: 1 })).toMatchObject({ ok: true });
    expect((await resubmissions([id])).get(id)?.reason).toBe("Still no potassium value.");
    signInAs(reviewer);
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });
    expect(await resubmissions([id])).toEqual(new Map()); // approved: nothing waits
    const rounds = await db.seedReview.findMany({ where: { seedId: id }, orderBy: { createdAt: "asc" } });
    expect(rounds.map((r) => [r.round, r.decision])).toEqual([
      [1, "REQUEST_CHANGES"],
      [2, "REQUEST_CHANGES"],
      [3, "APPROVE"],
    ]);
  });

  it("changed: marked with the version the request was about; a fresh task is not marked", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author);
    const fresh = await submitted(author);
    await sendBack(reviewer, id, 1, "Add the ECG.");
    signInAs(author);
    expect(await updateSeedAction({ ...complete(), input: "Peaked T waves.", id, version: 1 })).toMatchObject(
      {
        ok: true,
        data: { version: 2 },
      },
    );
    expect(await submitSeedAction({ id, version: 2 })).toMatchObject({ ok: true });
    const found = await resubmissions([id, fresh]);
    expect([...found.keys()]).toEqual([id]);
    expect(found.get(id)).toMatchObject({ fromVersion: 1, changed: true, reason: "Add the ECG." });
    expect(await inQueue(reviewer, id)).toBe(true);
  });

  it("with two approvals required, an approval from before the request does not count in the new round", async () => {
    await setApprovalsRequired(2);
    try {
      const author = await makeUser({ roles: ["AUTHOR"] });
      const [r1, r2] = [await makeUser({ roles: ["REVIEWER"] }), await makeUser({ roles: ["REVIEWER"] })];
      const id = await submitted(author);
      signInAs(r1);
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: true,
        data: { approvals: 1 },
      });
      await sendBack(r2, id, 1, "Wrong unit.");
      signInAs(author);
      expect(await submitSeedAction({ id, version: 1 })).toMatchObject({ ok: true });
      expect(await inQueue(r1, id)).toBe(true);
      signInAs(r1);
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: true,
        data: { status: "SUBMITTED", approvals: 1, required: 2 },
      });
      signInAs(r2);
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: true,
        data: { status: "APPROVED", approvals: 2 },
      });
    } finally {
      await setApprovalsRequired(1);
    }
  });

  it("bulk approval refuses it unless confirmed a second time, whatever the client sends", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const admin = await makeUser({ roles: ["ADMIN"] });
    const id = await submitted(author);
    const fresh = await submitted(author);
    await sendBack(reviewer, id, 1, "Cite the guideline.");
    signInAs(author);
    expect(await submitSeedAction({ id, version: 1 })).toMatchObject({ ok: true });

    signInAs(admin);
    const items = [
      { id, version: 1 },
      { id: fresh, version: 1 },
    ];
    const first = await bulkReviewAction({ items, action: "approve" });
    expect(first).toMatchObject({
      ok: true,
      data: [
        { id, ok: false, message: expect.stringMatching(/sent back by .* and resubmitted unchanged/) },
        { id: fresh, ok: true, message: "approved" },
      ],
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    // Confirming another task does not confirm this one.
    expect(
      await bulkReviewAction({ items: [{ id, version: 1 }], action: "approve", confirmResubmitted: [fresh] }),
    ).toMatchObject({ ok: true, data: [{ ok: false }] });
    expect(
      await bulkReviewAction({ items: [{ id, version: 1 }], action: "approve", confirmResubmitted: [id] }),
    ).toMatchObject({ ok: true, data: [{ id, ok: true, message: "approved" }] });
  });
});

describe("undoing an approval", () => {
  it("takes the approval back at once: the task waits again, in the queue, and the audit log keeps both", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author);
    signInAs(reviewer);
    for (let i = 0; i < 10; i++) {
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: true,
        data: { status: "APPROVED" },
      });
      expect(await inQueue(reviewer, id)).toBe(false);
      expect(await undoApprovalAction({ id, version: 1 })).toMatchObject({
        ok: true,
        data: { status: "SUBMITTED", approvals: 0 },
      });
      expect(await inQueue(reviewer, id)).toBe(true);
    }
    expect(await undoApprovalAction({ id, version: 1 })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringMatching(/no approval of yours/),
    });
    const trail = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.action).slice(-4)).toEqual([
      "seed.approve",
      "seed.approve.undo",
      "seed.approve",
      "seed.approve.undo",
    ]);
    expect(await db.seedReview.count({ where: { seedId: id } })).toBe(0);
  });

  it("is refused once someone acted since, and for someone else's approval or after the window", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const [r1, r2] = [await makeUser({ roles: ["REVIEWER"] }), await makeUser({ roles: ["REVIEWER"] })];

    // The author edited the approved task (a new version, back to review).
    const edited = await submitted(author);
    signInAs(r1);
    await reviewSeedAction({ id: edited, version: 1, action: "approve" });
    signInAs(author);
    expect(await updateSeedAction({ ...complete(), id: edited, version: 1 })).toMatchObject({ ok: true });
    signInAs(r1);
    expect(await undoApprovalAction({ id: edited, version: 1 })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: edited } })).status).toBe("SUBMITTED");

    // Someone else's approval is not mine to undo; an approval half a minute old stands.
    const old = await submitted(author);
    signInAs(r1);
    await reviewSeedAction({ id: old, version: 1, action: "approve" });
    signInAs(r2);
    expect(await undoApprovalAction({ id: old, version: 1 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no approval of yours/),
    });
    await db.seedReview.updateMany({
      where: { seedId: old },
      data: { createdAt: new Date(Date.now() - 60_000) },
    });
    signInAs(r1);
    expect(await undoApprovalAction({ id: old, version: 1 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Too late to undo/),
    });

    // An export took the approved revision.
    const exported = await submitted(author);
    signInAs(r1);
    await reviewSeedAction({ id: exported, version: 1, action: "approve" });
    await db.seedExport.create({
      data: {
        format: "JSONL",
        filter: {},
        recordCount: 1,
        byteSize: 1,
        sha256: "0",
        creatorId: r2.id,
        // the seed second in the file, behind another (the item list is read as pairs, not by first element)
        itemSeedIds: [old, exported],
        itemVersions: [1, 1],
      },
    });
    expect(await undoApprovalAction({ id: exported, version: 1 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/export #\d+ already holds it/),
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: exported } })).status).toBe("APPROVED");
  });

  it("an undo and another reviewer's approval at the same moment: one goes first, the state stays whole", async () => {
    await setApprovalsRequired(2);
    try {
      const author = await makeUser({ roles: ["AUTHOR"] });
      const [r1, r2] = [await makeUser({ roles: ["REVIEWER"] }), await makeUser({ roles: ["REVIEWER"] })];
      const { reviewSeed, undoApproval } = await import("@/lib/review/transitions");
      for (let i = 0; i < 5; i++) {
        const id = await submitted(author, `race ${i}`);
        await reviewSeed(id, 1, "approve", undefined, r1);
        const [undone, approved] = await Promise.allSettled([
          undoApproval(id, 1, r1),
          reviewSeed(id, 1, "approve", undefined, r2),
        ]);
        expect(approved.status).toBe("fulfilled");
        const task = await db.seedTask.findUniqueOrThrow({ where: { id } });
        const reviews = await db.seedReview.findMany({ where: { seedId: id } });
        if (undone.status === "fulfilled") {
          expect(reviews.map((r) => r.reviewerId)).toEqual([r2.id]);
          expect(task.status).toBe("SUBMITTED");
        } else {
          expect(undone.reason.message).toMatch(/has reviewed it since/);
          expect(reviews).toHaveLength(2);
          expect(task.status).toBe("APPROVED");
        }
      }
    } finally {
      await setApprovalsRequired(1);
    }
  });
});

describe("bulk submit and bulk archive of an author's drafts", () => {
  it("submits ten drafts in one call, each audited; an incomplete, a changed and someone else's are refused and named", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const other = await makeUser({ roles: ["AUTHOR"] });
    signInAs(other);
    const theirs = await createSeedAction(complete("theirs"));
    if (!theirs.ok) throw new Error(theirs.message);
    signInAs(author);
    const drafts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await createSeedAction(complete(`bulk ${i}`));
      if (!c.ok) throw new Error(c.message);
      drafts.push(c.data.id);
    }
    const half = await createSeedAction({ instruction: "Half-written" });
    const changed = await createSeedAction(complete("changed"));
    if (!half.ok || !changed.ok) throw new Error("setup");
    await updateSeedAction({ ...complete("changed again"), id: changed.data.id, version: 1 });

    const r = await bulkSubmitAction({
      items: [
        ...drafts.map((id) => ({ id, version: 1 })),
        { id: half.data.id, version: 1 },
        { id: changed.data.id, version: 1 },
        { id: theirs.data.id, version: 1 },
      ],
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.data.slice(0, 10).every((o) => o.ok && o.message === "submitted for review")).toBe(true);
    expect(r.data.slice(10)).toEqual([
      {
        id: half.data.id,
        ok: false,
        message: expect.stringMatching(/^Complete the task before submitting it/),
      },
      { id: changed.data.id, ok: false, message: expect.stringMatching(/changed since you opened it/) },
      { id: theirs.data.id, ok: false, message: expect.stringMatching(/not yours to submit/) },
    ]);
    expect(await db.seedTask.count({ where: { id: { in: drafts }, status: "SUBMITTED" } })).toBe(10);
    expect(await db.auditEvent.count({ where: { targetId: { in: drafts }, action: "seed.submit" } })).toBe(
      10,
    );
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: theirs.data.id } })).status).toBe("DRAFT");

    const archived = await bulkArchiveAction({
      items: [
        { id: half.data.id, version: 1 },
        { id: theirs.data.id, version: 1 },
      ],
    });
    expect(archived).toMatchObject({
      ok: true,
      data: [
        { id: half.data.id, ok: true, message: "archived" },
        { id: theirs.data.id, ok: false, message: expect.stringMatching(/not yours to archive/) },
      ],
    });
  });

  it("refuses a role without the permission before touching anything", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const id = (await (async () => {
      signInAs(author);
      const c = await createSeedAction(complete());
      return c.ok ? c.data.id : "";
    })()) as string;
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    expect(await bulkSubmitAction({ items: [{ id, version: 1 }] })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await bulkArchiveAction({ items: [{ id, version: 1 }] })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
  });
});
