import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { bulkReviewAction, commentAction, reviewSeedAction, submitSeedAction } from "@/lib/review/actions";
import { reviewQueue } from "@/lib/review/queue";
import { createSeedAction, updateSeedAction } from "@/lib/seeds/actions";
import { seedListQuerySchema } from "@/lib/validation/seed-list";
import { mergeTerms } from "@/lib/vocabulary/manage";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// Own database: the approvals setting is global.
isolateDatabase();

const complete = (n = Math.random()) => ({
  instruction: `Explain the management of diabetic ketoacidosis, case ${n}.`,
  topic: "Endocrinology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 3,
});

async function submitted(author: { id: string }) {
  signInAs(author);
  const c = await createSeedAction(complete());
  if (!c.ok) throw new Error(c.message);
  const s = await submitSeedAction({ id: c.data.id, version: 1 });
  if (!s.ok) throw new Error(s.message);
  return c.data.id;
}

describe("review workflow", () => {
  it("author submits; reviewer requests changes with a reason; author edits and resubmits; reviewer approves", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author);

    signInAs(reviewer);
    expect(await reviewSeedAction({ id, version: 1, action: "request_changes" })).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { reason: expect.any(Array) },
    });
    expect(
      await reviewSeedAction({
        id,
        version: 1,
        action: "request_changes",
        reason: "Add the potassium level to the input.",
      }),
    ).toMatchObject({ ok: true, data: { status: "CHANGES_REQUESTED" } });

    signInAs(author);
    expect(await commentAction({ id, body: "Added it, thanks." })).toMatchObject({ ok: true });
    expect(await updateSeedAction({ ...complete(2), input: "K+ 5.9 mmol/L", id, version: 1 })).toMatchObject({
      ok: true,
      data: { version: 2 },
    });
    expect(await submitSeedAction({ id, version: 2 })).toMatchObject({
      ok: true,
      data: { status: "SUBMITTED" },
    });

    signInAs(reviewer);
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringMatching(/now version 2/),
    });
    expect(await reviewSeedAction({ id, version: 2, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });

    const comments = await db.seedComment.findMany({ where: { seedId: id }, orderBy: { createdAt: "asc" } });
    expect(comments.map((c) => c.body)).toEqual([
      "Add the potassium level to the input.",
      "Added it, thanks.",
    ]);
    const trail = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.action)).toEqual([
      "seed.create",
      "seed.submit",
      "seed.request_changes",
      "seed.comment",
      "seed.edit",
      "seed.submit",
      "seed.approve",
    ]);
  });

  it("refuses on the server: an author approving, approving your own task, a draft, a deactivated reviewer, anonymous", async () => {
    const author = await makeUser({ roles: ["AUTHOR", "REVIEWER"] });
    const id = await submitted(author);
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    signInAs(author);
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: expect.stringMatching(/four-eyes/),
    });
    signInAs(await makeUser({ roles: ["REVIEWER"], active: false }));
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: false,
      code: "UNAUTHENTICATED",
    });
    signInAs(null);
    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: false,
      code: "UNAUTHENTICATED",
    });

    signInAs(author);
    const draft = await createSeedAction(complete());
    if (!draft.ok) throw new Error(draft.message);
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    expect(await reviewSeedAction({ id: draft.data.id, version: 1, action: "approve" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringMatching(/draft/),
    });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
  });

  it("four-eyes covers whoever edited the revision: an admin cannot approve text they wrote into it", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const admin = await makeUser({ roles: ["ADMIN"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author);
    const inQueue = async (user: { id: string }) =>
      (
        await reviewQueue(
          { ...user, email: "", name: null, roles: ["REVIEWER"] },
          seedListQuerySchema.parse({}),
        )
      ).some((q) => q.id === id);

    signInAs(admin);
    expect(await updateSeedAction({ ...complete(21), id, version: 1 })).toMatchObject({
      ok: true,
      data: { version: 2, status: "SUBMITTED" },
    });
    for (const action of ["approve", "request_changes", "reject"] as const) {
      expect(await reviewSeedAction({ id, version: 2, action, reason: "r" })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
        message: expect.stringMatching(/edited this task.*four-eyes/),
      });
    }
    expect(await bulkReviewAction({ items: [{ id, version: 2 }], action: "approve" })).toMatchObject({
      ok: true,
      data: [{ ok: false, message: expect.stringMatching(/four-eyes/) }],
    });
    expect(await inQueue(admin)).toBe(false);

    // The author's next edit keeps the admin's text, which nobody else has approved yet: still barred.
    signInAs(author);
    expect(await updateSeedAction({ ...complete(22), id, version: 2 })).toMatchObject({ ok: true });
    signInAs(admin);
    expect(await reviewSeedAction({ id, version: 3, action: "approve" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });

    expect(await inQueue(reviewer)).toBe(true);
    signInAs(reviewer);
    expect(await reviewSeedAction({ id, version: 3, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });

    // Once someone else approved it, a later revision by the author alone is the admin's to review.
    signInAs(author);
    expect(await updateSeedAction({ ...complete(23), id, version: 3 })).toMatchObject({
      ok: true,
      data: { version: 4, status: "SUBMITTED" },
    });
    expect(await inQueue(admin)).toBe(true);
    signInAs(admin);
    expect(await reviewSeedAction({ id, version: 4, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });
  });

  it("four-eyes: an edit made before submission bars its editor too", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(author);
    const c = await createSeedAction(complete());
    if (!c.ok) throw new Error(c.message);
    signInAs(admin);
    expect(await updateSeedAction({ ...complete(31), id: c.data.id, version: 1 })).toMatchObject({
      ok: true,
    });
    signInAs(author);
    expect(await submitSeedAction({ id: c.data.id, version: 2 })).toMatchObject({ ok: true });
    signInAs(admin);
    expect(await reviewSeedAction({ id: c.data.id, version: 2, action: "approve" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: expect.stringMatching(/four-eyes/),
    });
  });

  it("four-eyes: merging vocabulary does not make the admin an editor of the tasks it relabelled", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const [keep, old] = [`Cardiology ${Math.random()}`, `Cardio ${Math.random()}`];
    signInAs(author);
    for (const topic of [keep, old])
      expect(await createSeedAction({ ...complete(), topic })).toMatchObject({ ok: true });
    const task = await db.seedTask.findFirstOrThrow({ where: { topic: old } });
    expect(await submitSeedAction({ id: task.id, version: 1 })).toMatchObject({ ok: true });
    const admin = await makeUser({ roles: ["ADMIN"] });
    const term = (value: string) => db.vocabularyTerm.findFirstOrThrow({ where: { kind: "TOPIC", value } });
    await mergeTerms((await term(old)).id, (await term(keep)).id, admin);
    signInAs(admin);
    expect(await reviewSeedAction({ id: task.id, version: 2, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });
  });

  it("an incomplete task cannot be submitted; the message says what is missing", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const c = await createSeedAction({ instruction: "Half-written task" });
    if (!c.ok) throw new Error(c.message);
    const r = await submitSeedAction({ id: c.data.id, version: 1 });
    expect(r).toMatchObject({ ok: false, code: "INVALID" });
    if (!r.ok)
      expect(Object.keys(r.fieldErrors ?? {}).sort()).toEqual(["difficulty", "taskType", "topic", "view"]);
  });

  it("two reviewers at the same moment: exactly one decision wins; the other hears who reviewed it", async () => {
    const id = await submitted(await makeUser({ roles: ["AUTHOR"] }));
    const [r1, r2] = [await makeUser({ roles: ["REVIEWER"] }), await makeUser({ roles: ["REVIEWER"] })];
    const { reviewSeed } = await import("@/lib/review/transitions");
    const results = await Promise.allSettled([
      reviewSeed(id, 1, "approve", undefined, r1),
      reviewSeed(id, 1, "reject", "Duplicate of an existing task.", r2),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost[0]?.reason.message).toMatch(/Already reviewed by /);
    expect(await db.seedReview.count({ where: { seedId: id } })).toBe(1);
  });

  it("with two approvals required, one approval leaves it submitted and a second reviewer's approves it", async () => {
    await db.setting.update({ where: { key: "review.approvalsRequired" }, data: { value: 2 } });
    try {
      const id = await submitted(await makeUser({ roles: ["AUTHOR"] }));
      const [r1, r2] = [await makeUser({ roles: ["REVIEWER"] }), await makeUser({ roles: ["REVIEWER"] })];
      signInAs(r1);
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: true,
        data: { status: "SUBMITTED", approvals: 1, required: 2 },
      });
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: false,
        code: "CONFLICT",
      });
      signInAs(r2);
      expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
        ok: true,
        data: { status: "APPROVED", approvals: 2 },
      });

      // Both approving at the very same moment still counts each once.
      const id2 = await submitted(await makeUser({ roles: ["AUTHOR"] }));
      const { reviewSeed } = await import("@/lib/review/transitions");
      await Promise.all([
        reviewSeed(id2, 1, "approve", undefined, r1),
        reviewSeed(id2, 1, "approve", undefined, r2),
      ]);
      expect((await db.seedTask.findUniqueOrThrow({ where: { id: id2 } })).status).toBe("APPROVED");
      expect(await db.seedReview.count({ where: { seedId: id2 } })).toBe(2);
    } finally {
      await db.setting.update({ where: { key: "review.approvalsRequired" }, data: { value: 1 } });
    }
  });

  it("editing an approved task sends the new revision back to review; the approved one stays on record", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const id = await submitted(author);
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    await reviewSeedAction({ id, version: 1, action: "approve" });
    signInAs(author);
    // The save says it took the approval back (the editor tells its author: it had been silent), and only that
    // save: the next edits of the task waiting for review again take nothing back.
    expect(await updateSeedAction({ ...complete(9), id, version: 1 })).toMatchObject({
      ok: true,
      data: { version: 2, status: "SUBMITTED", approvalWithdrawn: true },
    });
    for (let v = 2; v < 5; v++)
      expect(await updateSeedAction({ ...complete(9), note: `edit ${v}`, id, version: v })).toMatchObject({
        ok: true,
        data: { version: v + 1, status: "SUBMITTED", approvalWithdrawn: false },
      });
    const revisions = await db.seedRevision.findMany({ where: { seedId: id }, orderBy: { version: "asc" } });
    expect(revisions.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
    expect(
      await db.seedReview.findFirst({ where: { seedId: id, version: 1, decision: "APPROVE" } }),
    ).not.toBeNull();
  });

  it("bulk approval lists what was done and what was refused", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["AUTHOR", "REVIEWER"] });
    const theirs = [await submitted(author), await submitted(author)];
    const mine = await submitted(reviewer);
    signInAs(reviewer);
    const r = await bulkReviewAction({
      items: [...theirs, mine]
        .map((id) => ({ id, version: 1 }))
        .concat([{ id: theirs[0] as string, version: 7 }]),
      action: "approve",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.map((o) => o.ok)).toEqual([true, true, false, false]);
    expect(r.data[2]?.message).toMatch(/four-eyes/);
    expect(r.data[3]?.message).toMatch(/Already reviewed|changed since/);
  });
});
