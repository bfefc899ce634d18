import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { markNotPhiAction } from "@/lib/phi/actions";
import { unresolvedFindings } from "@/lib/phi/resolutions";
import { bulkReviewAction, reviewSeedAction, submitSeedAction } from "@/lib/review/actions";
import { createSeedAction } from "@/lib/seeds/actions";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// PHI findings at review: a task with an open finding is not approved (one by one or in bulk, where the
// refusal is reported beside its task); a reviewer marks a false alarm "not PHI" with a reason (audited,
// reviewers only); the resolution follows the text through edits elsewhere and lapses when the text changes.

const EPONYM = "Dr. Trousseau described the sign of latent tetany. Explain how to elicit it.";
const clean = (n: number | string) => ({
  instruction: `Explain the management of hyperkalaemia, case ${n}.`,
  topic: "Nephrology",
  view: "Resident",
  taskType: "Open Q&A",
  difficulty: 3,
});

type User = Awaited<ReturnType<typeof makeUser>>;

async function submitted(author: User, fields: Record<string, unknown>) {
  signInAs(author);
  const c = await createSeedAction({ ...clean(Math.random()), ...fields });
  if (!c.ok) throw new Error(c.message);
  expect(await submitSeedAction({ id: c.data.id, version: 1 })).toMatchObject({ ok: true });
  return c.data.id;
}

describe("review with PHI findings", () => {
  it("refuses approval while a finding is open, names it; after 'not PHI' (reason, audited) approves", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author, { instruction: EPONYM });
    const [finding] = await unresolvedFindings({ id, instruction: EPONYM });
    expect(finding).toMatchObject({ field: "instruction", category: "NAME", text: "Trousseau" });

    signInAs(reviewer);
    const refused = await reviewSeedAction({ id, version: 1, action: "approve" });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(refused.ok ? "" : refused.message).toMatch(/NAME "Trousseau" in instruction/);
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");

    // A reason is required; an author may not resolve.
    const noReason = await markNotPhiAction({
      targetId: id,
      field: "instruction",
      category: "NAME",
      text: "Trousseau",
      reason: "",
    });
    expect(noReason).toMatchObject({ ok: false, code: "INVALID" });
    signInAs(author);
    expect(
      await markNotPhiAction({
        targetId: id,
        field: "instruction",
        category: "NAME",
        text: "Trousseau",
        reason: "Eponym",
      }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });

    signInAs(reviewer);
    const marked = await markNotPhiAction({
      targetId: id,
      field: "instruction",
      category: "NAME",
      text: "Trousseau",
      reason: "Eponym: Trousseau's sign, a 19th-century physician",
    });
    expect(marked).toMatchObject({ ok: true, data: { resolved: 1, remaining: 0 } });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "phi.not_phi", targetId: id } });
    expect(audit).toMatchObject({ actorId: reviewer.id, targetType: "seed" });
    expect(JSON.stringify(audit.after)).toContain("Trousseau");
    // Twice: the second is refused (nothing open any more), not recorded again.
    expect(
      await markNotPhiAction({
        targetId: id,
        field: "instruction",
        category: "NAME",
        text: "Trousseau",
        reason: "again",
      }),
    ).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.phiResolution.count({ where: { targetId: id } })).toBe(1);

    expect(await reviewSeedAction({ id, version: 1, action: "approve" })).toMatchObject({
      ok: true,
      data: { status: "APPROVED" },
    });
    // Found clear at approval: exports need not screen this revision again.
    expect((await db.seedTask.findUniqueOrThrow({ where: { id } })).phiClearVersion).toBe(1);
  });

  it("a finding that is not in the text cannot be resolved (a stale or forged request)", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author, {});
    signInAs(reviewer);
    expect(
      await markNotPhiAction({
        targetId: id,
        field: "instruction",
        category: "NAME",
        text: "Smith",
        reason: "not there",
      }),
    ).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.phiResolution.count({ where: { targetId: id } })).toBe(0);
  });

  it("a resolution survives edits elsewhere and lapses when its text changes", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const id = await submitted(author, { instruction: EPONYM });
    signInAs(reviewer);
    await markNotPhiAction({
      targetId: id,
      field: "instruction",
      category: "NAME",
      text: "Trousseau",
      reason: "Eponym",
    });
    const edited = `${EPONYM} Mention the Chvostek sign too.`;
    expect(await unresolvedFindings({ id, instruction: edited })).toEqual([]);
    // Moved into another field, or another name: open again.
    expect(await unresolvedFindings({ id, instruction: "Explain.", input: EPONYM })).toHaveLength(1);
    const changed = await unresolvedFindings({ id, instruction: EPONYM.replace("Trousseau", "Kussmaul") });
    expect(changed.map((f) => f.text)).toEqual(["Kussmaul"]);
  });

  it("bulk approval approves the clean tasks and reports those refused for open findings", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const ok1 = await submitted(author, {});
    const phi = await submitted(author, { input: "Call the family on 555-201-3344 after the scan." });
    const ok2 = await submitted(author, {});
    signInAs(reviewer);
    const r = await bulkReviewAction({
      items: [ok1, phi, ok2].map((id) => ({ id, version: 1 })),
      action: "approve",
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.data.map((o) => o.ok)).toEqual([true, false, true]);
    expect(r.data[1]?.message).toMatch(/PHONE "555-201-3344" in input/);
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: phi } })).status).toBe("SUBMITTED");
  });

  it("two reviewers marking the same finding at once: one resolution, the first word stands", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const [a, b] = [await makeUser({ roles: ["REVIEWER"] }), await makeUser({ roles: ["REVIEWER"] })];
    const id = await submitted(author, { instruction: EPONYM });
    const input = {
      targetId: id,
      field: "instruction" as const,
      category: "NAME",
      text: "Trousseau",
      reason: "Eponym",
    };
    // Run through the use case directly: the session mock holds one user at a time.
    const { markNotPhi } = await import("@/lib/phi/use-cases/mark-not-phi");
    const results = await Promise.allSettled([
      markNotPhi({ id: a.id, roles: ["REVIEWER"] }, { ...input, targetType: "seed" }),
      markNotPhi({ id: b.id, roles: ["REVIEWER"] }, { ...input, targetType: "seed" }),
    ]);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await db.phiResolution.count({ where: { targetId: id } })).toBe(1);
    expect(await unresolvedFindings({ id, instruction: EPONYM })).toEqual([]);
  });
});
