import { describe, expect, it, vi } from "vitest";
import { archiveSeed, reviewSeed, submitSeed, undoApproval } from "@/lib/review/transitions";
import { getSeedDecisions } from "@/lib/review/use-cases/get-seed-decisions";
import { createSeed, updateSeed } from "@/lib/seeds/mutations";
import { seedDraftSchema } from "@/lib/validation/seed";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

isolateDatabase();

const fields = (instruction: string) =>
  seedDraftSchema.parse({
    instruction,
    output: "Check the potassium and give calcium gluconate first.",
    topic: "Nephrology",
    view: "Resident",
    taskType: "Open Q&A",
    difficulty: 3,
  });

describe("a task's review decisions, as its page lists them", () => {
  it("lists every submit, send-back, approval, undo and archive in order, with who, the version and the reason", async () => {
    const author = await makeUser({ roles: ["AUTHOR"], label: "ana" });
    const reviewer = await makeUser({ roles: ["REVIEWER"], label: "rob" });
    const seed = await createSeed(fields("Treat severe hyperkalaemia in the first hour."), author);
    expect(await getSeedDecisions(author, { id: seed.id })).toEqual([]);

    await submitSeed(seed.id, 1, author);
    await reviewSeed(seed.id, 1, "request_changes", "Give the ECG changes.", reviewer);
    await updateSeed(
      { ...fields("Treat severe hyperkalaemia with ECG changes."), id: seed.id, version: 1 },
      author,
    );
    await submitSeed(seed.id, 2, author);
    await reviewSeed(seed.id, 2, "approve", undefined, reviewer);
    await undoApproval(seed.id, 2, reviewer);
    await reviewSeed(seed.id, 2, "approve", undefined, reviewer);
    await archiveSeed(seed.id, author);

    const decisions = await getSeedDecisions(reviewer, { id: seed.id });
    const a = author.name ?? author.email;
    const r = reviewer.name ?? reviewer.email;
    expect(decisions.map((d) => [d.what, d.by, d.version, d.reason])).toEqual([
      ["Submitted for review", a, 1, null],
      ["Sent back for changes", r, 1, "Give the ECG changes."],
      ["Submitted for review", a, 2, null],
      ["Approved", r, 2, null],
      ["Approval undone", r, 2, null],
      ["Approved", r, 2, null],
      ["Archived", a, null, null],
    ]);
    for (let i = 1; i < decisions.length; i++)
      expect(decisions[i]?.at.getTime()).toBeGreaterThanOrEqual(decisions[i - 1]?.at.getTime() ?? 0);
  });
});
