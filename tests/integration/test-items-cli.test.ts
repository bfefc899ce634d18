import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeUser } from "../support/factories";
import { npmRun } from "../support/run";

// `medseed testset freeze --name NAME`: the items approved in the app enter a new frozen version, through the
// same use case and permission check as the page; an ML engineer is refused.

describe("npm run medseed -- testset freeze", () => {
  it("freezes the approved items into a new version, and refuses an engineer", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const engineer = await makeUser({ roles: ["ENGINEER"] });
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const set = await db.testSet.create({ data: { name, creatorId: author.id } });
    const common = { testSetId: set.id, authorId: author.id, updatedById: author.id, reviewedAt: new Date() };
    await db.testItemDraft.createMany({
      data: [
        { ...common, instruction: "Approved item", state: "APPROVED" },
        { ...common, instruction: "Submitted item", state: "SUBMITTED" },
      ],
    });
    const refused = await npmRun(
      ["medseed", "--", "testset", "freeze", "--name", name, "--author", engineer.email],
      {},
      120_000,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("testset.write");

    const frozen = await npmRun(
      ["medseed", "--", "testset", "freeze", "--name", name, "--author", author.email],
      {},
      120_000,
    );
    expect(frozen.stderr + frozen.stdout).toContain(`froze "${name}" version 1: 1 item, 1 newly approved`);
    expect(frozen.code).toBe(0);
    const items = await db.testItem.findMany({ where: { version: { testSetId: set.id } } });
    expect(items.map((i) => i.instruction)).toEqual(["Approved item"]);
  });
});
