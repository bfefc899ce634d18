import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedFilterOptions } from "@/lib/seeds/list";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

// The filter menus' topics and views come from a loose index scan (one probe per distinct value) instead of
// Prisma's in-process distinct over every seed: the same values in the same order.

isolateDatabase();

const TOPICS = [
  "Cardiology",
  "cardiology",
  "Ünïcode",
  "Nephrology",
  "",
  "Cardiology",
  "Zoology",
  "Épidémiologie",
];

describe("seed filter options", () => {
  it("lists each non-empty topic and view once, in the database's order, as the in-process distinct did", async () => {
    const author = await makeUser();
    for (const [i, topic] of TOPICS.entries()) {
      await db.seedTask.create({
        data: {
          instruction: `Task ${i}`,
          topic,
          view: TOPICS[(i + 3) % TOPICS.length] as string,
          authorId: author.id,
          contentHash: `filter-options-${i}`,
        },
      });
    }
    const reference = async (field: "topic" | "view") =>
      (
        await db.seedTask.findMany({
          distinct: [field],
          select: { [field]: true },
          where: { [field]: { not: "" } },
          orderBy: { [field]: "asc" },
        })
      ).map((r) => (r as unknown as Record<string, string>)[field]);
    const options = await seedFilterOptions();
    expect(options.topics).toEqual(await reference("topic"));
    expect(options.views).toEqual(await reference("view"));
    expect(options.topics).toHaveLength(6);
  });
});
