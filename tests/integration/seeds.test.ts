import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createSeedAction, similarSeedsAction, updateSeedAction } from "@/lib/seeds/actions";
import { listSeeds } from "@/lib/seeds/list";
import { getSeedRevisions } from "@/lib/seeds/queries";
import { localTimes, utcMinute } from "@/lib/utils/utc-minute";
import { seedListQuerySchema } from "@/lib/validation/seed-list";
import { makeUser } from "../support/factories";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));

const draft = (over: Record<string, unknown> = {}) => ({
  instruction: `Explain the first-line treatment of ${Math.random().toString(36).slice(2)} hypertension in adults.`,
  input: "<noinput>",
  output: "",
  topic: "cardiology ",
  view: "medical  student",
  taskType: "Open-ended Q&A",
  difficulty: "2",
  note: "",
  ...over,
});

async function created(over: Record<string, unknown> = {}) {
  const r = await createSeedAction(draft(over));
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

describe("writing seed tasks", () => {
  it("creates a draft, folding tags onto the vocabulary and <noinput> onto an empty input", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const a = await created({ topic: "Cardiology", view: "Medical Student" });
    const b = await created();
    expect(b.topic).toBe(a.topic);
    expect(b.view).toBe(a.view);
    expect(b.taskType).toBe("Open Q&A");
    const row = await db.seedTask.findUniqueOrThrow({ where: { id: b.id } });
    expect(row).toMatchObject({ input: "", difficulty: 2, status: "DRAFT", version: 1 });
  });

  it("keeps every saved change as a revision, and saving unchanged text makes none", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const s = await created();
    const v2 = await updateSeedAction({
      ...draft({ instruction: "Rewrite this discharge letter for the patient." }),
      id: s.id,
      version: 1,
    });
    expect(v2).toMatchObject({ ok: true, data: { version: 2 } });
    const same = await updateSeedAction({
      ...draft({ instruction: "Rewrite this discharge letter for the patient." }),
      id: s.id,
      version: 2,
    });
    expect(same).toMatchObject({ ok: true, data: { version: 2 } });
    const revisions = await getSeedRevisions(s.id);
    expect(revisions.map((r) => r.version)).toEqual([2, 1]);
    expect(revisions[0]?.instruction).toBe("Rewrite this discharge letter for the patient.");
  });

  it("edits one task twelve times in a row: every save lands and every revision is kept", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const s = await created();
    let version = 1;
    for (let i = 1; i <= 12; i++) {
      const r = await updateSeedAction({
        ...draft({ note: `edit ${i}`, difficulty: String((i % 5) + 1) }),
        id: s.id,
        version,
      });
      expect(r, `edit ${i}`).toMatchObject({ ok: true, data: { version: version + 1 } });
      if (r.ok) version = r.data.version;
    }
    const row = await db.seedTask.findUniqueOrThrow({ where: { id: s.id } });
    expect(row).toMatchObject({ version: 13, note: "edit 12" });
    const revisions = await getSeedRevisions(s.id);
    expect(revisions.map((r) => r.version)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(revisions.map((r) => r.note).slice(0, 3)).toEqual(["edit 12", "edit 11", "edit 10"]);
    // Revision rows have ids of their own, never the task's.
    const ids = await db.seedRevision.findMany({ where: { seedId: s.id }, select: { id: true } });
    expect(ids.map((r) => r.id)).not.toContain(s.id);
  });

  it("refuses a save based on an old version, names who changed it, and writes nothing", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const s = await created();
    const first = await updateSeedAction({ ...draft({ note: "tab one" }), id: s.id, version: 1 });
    expect(first.ok).toBe(true);
    const second = await updateSeedAction({ ...draft({ note: "tab two" }), id: s.id, version: 1 });
    expect(second).toMatchObject({ ok: false, code: "CONFLICT" });
    // The author's own other tab: said so, not "changed by" themselves.
    if (!second.ok)
      expect(second.message).toMatch(
        /^You saved this task in another tab or window \(.* now version 2\) after you opened version 1\. Nothing was overwritten/,
      );
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: s.id } })).note).toBe("tab one");
    // An admin's edit since: named.
    const admin = await makeUser({ roles: ["ADMIN"] });
    signInAs(admin);
    expect((await updateSeedAction({ ...draft({ note: "admin" }), id: s.id, version: 2 })).ok).toBe(true);
    signInAs(author);
    const third = await updateSeedAction({ ...draft({ note: "tab three" }), id: s.id, version: 2 });
    if (third.ok) throw new Error("a stale save went through");
    expect(third.message).toContain(`This task was changed by ${admin.email} (`);
    expect(third.message).toMatch(/now version 3\) after you opened version 2\. Nothing was overwritten/);
    // The first tab again (version 1): both saves since are named, the admin's and the author's own.
    const fourth = await updateSeedAction({ ...draft({ note: "tab one again" }), id: s.id, version: 1 });
    if (fourth.ok) throw new Error("a stale save went through");
    expect(fourth.message).toContain(
      `This task was changed by ${admin.email} and by you in another tab or window (`,
    );
    expect(fourth.message).toMatch(/now version 3\) after you opened version 1\./);
    // The newest save's minute in UTC, which the editor gives in the reader's zone (localTimes).
    const newest = await db.seedRevision.findFirstOrThrow({ where: { seedId: s.id, version: 3 } });
    expect(fourth.message).toContain(`(${utcMinute(newest.createdAt.toISOString())}, now version 3)`);
    expect(localTimes(fourth.message, () => "5 Dec 2026, 18:48")).toContain(
      "(5 Dec 2026, 18:48, now version 3) after you opened version 1.",
    );
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: s.id } })).note).toBe("admin");
  });

  it("two simultaneous saves of the same version: exactly one wins", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const s = await created();
    const results = await Promise.all(
      ["left", "right", "middle"].map((n) =>
        updateSeedAction({ ...draft({ note: n }), id: s.id, version: 1 }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === "CONFLICT")).toHaveLength(2);
    expect(await db.seedRevision.count({ where: { seedId: s.id } })).toBe(2);
  });

  it("another author's task is not found for editing; an admin may edit it", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const s = await created();
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect(await updateSeedAction({ ...draft(), id: s.id, version: 1 })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    signInAs(await makeUser({ roles: ["REVIEWER"] }));
    expect(await updateSeedAction({ ...draft(), id: s.id, version: 1 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    signInAs(await makeUser({ roles: ["ADMIN"] }));
    expect(
      await updateSeedAction({ ...draft({ note: "fixed by admin" }), id: s.id, version: 1 }),
    ).toMatchObject({ ok: true });
  });

  it("refuses over-long fields naming the limit, and unknown task types naming the choices", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const long = await createSeedAction(draft({ instruction: "x".repeat(2001) }));
    expect(long).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { instruction: [expect.stringMatching(/2,001 of at most 2,000/)] },
    });
    const bad = await createSeedAction(draft({ taskType: "Interpretive dance" }));
    expect(bad).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { taskType: [expect.any(String)] },
    });
    if (!bad.ok) expect(bad.message).toMatch(/Multiple-choice Q&A/);
  });

  it("stores HTML as text", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const s = await created({ instruction: '<script>alert("x")</script> Explain <b>sepsis</b>.' });
    expect((await db.seedTask.findUniqueOrThrow({ where: { id: s.id } })).instruction).toBe(
      '<script>alert("x")</script> Explain <b>sepsis</b>.',
    );
  });
});

describe("finding seed tasks", () => {
  it("filters, searches the text and pages on the server", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    signInAs(author);
    const token = `zq${Math.random().toString(36).slice(2, 8)}`;
    for (let i = 0; i < 7; i++) {
      await created({
        instruction: `Summarise the ${token} guideline number ${i} for nurses.`,
        taskType: "Summarization",
        difficulty: String((i % 5) + 1),
      });
    }
    await created({
      instruction: "Unrelated question about asthma inhalers.",
      input: `mentions ${token} in the input only`,
    });
    const q = (p: Record<string, string>) => seedListQuerySchema.parse({ author: author.email, ...p });
    expect((await listSeeds(q({}))).total).toBe(8);
    expect((await listSeeds(q({ q: token }))).total).toBe(8); // instruction or input
    expect((await listSeeds(q({ q: token, type: "Summarization" }))).total).toBe(7);
    expect((await listSeeds(q({ type: "Summarization", difficulty: "1,2" }))).total).toBe(4); // i = 0, 1, 5, 6
    const page2 = await listSeeds(q({ size: "25", sort: "difficulty", dir: "asc", page: "1" }));
    expect(page2.rows.map((r) => r.difficulty)).toEqual(
      [...page2.rows.map((r) => r.difficulty)].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
  });

  it("ignores nonsense in the URL instead of failing", () => {
    const q = seedListQuerySchema.parse({
      page: "-3",
      size: "7",
      sort: "drop table",
      status: "NOPE",
      difficulty: "9",
    });
    expect(q).toMatchObject({ page: 1, size: 25, sort: "updated", status: [], difficulty: [] });
  });

  it("shows the most similar stored tasks with their ROUGE-L score, excluding the task itself", async () => {
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    const word = `w${Math.random().toString(36).slice(2, 8)}`;
    const s = await created({
      instruction: `List the ${word} warning signs of diabetic ketoacidosis in teenagers.`,
    });
    const r = await similarSeedsAction({
      instruction: `List the ${word} warning signs of diabetic ketoacidosis in children.`,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data[0]).toMatchObject({ id: s.id });
    expect(r.data[0]?.score).toBeCloseTo(0.9, 5); // 9 of 10 tokens in common: F = 0.9
    const self = await similarSeedsAction({
      instruction: `List the ${word} warning signs of diabetic ketoacidosis in teenagers.`,
      excludeId: s.id,
    });
    expect(self.ok && self.data.every((m) => m.id !== s.id)).toBe(true);
  });
});
