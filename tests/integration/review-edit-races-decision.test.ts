import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { archiveSeed, reviewSeed, submitSeed } from "@/lib/review/transitions";
import { createSeed, updateSeed } from "@/lib/seeds/mutations";
import { seedDraftSchema } from "@/lib/validation/seed";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { raceBeforeCommit } from "../support/lock-waiters";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

isolateDatabase();

const fields = (n: string) =>
  seedDraftSchema.parse({
    instruction: `Explain the first-line management of anaphylaxis, case ${n}.`,
    output: "Adrenaline 0.5 mg IM.",
    topic: "Emergency medicine",
    view: "Resident",
    taskType: "Open Q&A",
    difficulty: 3,
  });

describe("an author's edit racing a reviewer's decision", () => {
  it("an edit read before an archive commits must not bring the task back out of the archive", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const seed = await createSeed(fields("c"), author);
    await submitSeed(seed.id, 1, author);
    const [a, e] = await raceBeforeCommit(
      () => archiveSeed(seed.id, author),
      () => updateSeed({ ...fields("d"), id: seed.id, version: 1 }, author),
    );
    expect(a.status).toBe("fulfilled");
    // The archive committed first: the edit must be refused ("archived"), and the task stay archived.
    expect(e.status).toBe("rejected");
    const task = await db.seedTask.findUniqueOrThrow({ where: { id: seed.id } });
    expect(task.status).toBe("ARCHIVED");
  });

  it("an autosave read before a submit commits must not turn the submitted task back into a draft", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const seed = await createSeed(fields("e"), author);
    const [s, a] = await raceBeforeCommit(
      () => submitSeed(seed.id, 1, author),
      () => updateSeed({ ...fields("f"), id: seed.id, version: 1 }, author),
    );
    expect(s.status).toBe("fulfilled");
    const task = await db.seedTask.findUniqueOrThrow({ where: { id: seed.id } });
    // Submit then save: the save edits a submitted task, which stays submitted (version 2).
    if (a.status === "fulfilled") expect(task.status).toBe("SUBMITTED");
    expect(task.status).not.toBe("DRAFT");
  });

  for (const action of ["reject", "request_changes"] as const) {
    it(`an edit read before a ${action} commits must not put the task back to SUBMITTED`, async () => {
      const author = await makeUser({ roles: ["AUTHOR"] });
      const reviewer = await makeUser({ roles: ["REVIEWER"] });
      const seed = await createSeed(fields("a"), author);
      await submitSeed(seed.id, 1, author);

      // Hold the audit table so the reviewer's transaction stops after taking the task's row lock and writing
      // its decision, but before committing; the author's edit reads the task meanwhile (SUBMITTED, version 1).
      const [d, e] = await raceBeforeCommit(
        () => reviewSeed(seed.id, 1, action, "The dose is wrong.", reviewer),
        () => updateSeed({ ...fields("b"), id: seed.id, version: 1 }, author),
      );

      expect(d.status).toBe("fulfilled");
      const task = await db.seedTask.findUniqueOrThrow({ where: { id: seed.id } });
      // Serially, either the edit comes first (the decision is refused as stale) or the decision comes first
      // and the edit sees it: REJECTED -> DRAFT, CHANGES_REQUESTED stays CHANGES_REQUESTED. Never SUBMITTED with
      // the reviewer's decision silently undone and the task back in the queue without the author submitting.
      const expected = action === "reject" ? "DRAFT" : "CHANGES_REQUESTED";
      if (e.status === "fulfilled") expect(task.status).toBe(expected);
      else expect((e.reason as Error).message).toMatch(/changed/);
      expect(task.status).not.toBe("SUBMITTED");
    });
  }
});
