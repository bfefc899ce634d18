import { describe, expect, it } from "vitest";
import { recordQueryParams, recordQuerySchema } from "@/lib/validation/dataset";
import { seedListQuerySchema } from "@/lib/validation/seed-list";
import { cutAtWord, cutText, SEARCH_MAX, searchWasCut } from "@/lib/validation/text";

describe("the record browser's URL filters", () => {
  it("show discarded tasks when a discard reason is asked for, whatever the status says", () => {
    expect(recordQuerySchema.parse({ reason: "duplicate" }).status).toBe("discarded");
    expect(recordQuerySchema.parse({ reason: "duplicate", status: "excluded" }).status).toBe("discarded");
    expect(recordQuerySchema.parse({ reason: "duplicate", status: "all" }).status).toBe("all");
    expect(recordQuerySchema.parse({}).status).toBe("kept");
  });

  it("survive garbage and round-trip through the URL without defaults", () => {
    const q = recordQuerySchema.parse({
      difficulty: "9",
      rougeMin: "abc",
      page: "-3",
      sort: "nope",
      type: "Chat",
    });
    expect(q).toMatchObject({
      difficulty: undefined,
      rougeMin: undefined,
      page: 1,
      sort: "seq",
      type: "Chat",
    });
    expect(recordQueryParams(q).toString()).toBe("type=Chat");
    const full = recordQuerySchema.parse({
      job: "j1",
      q: "warfarin",
      rougeMax: "0.5",
      minWords: "3",
      lenOf: "output",
    });
    expect(recordQuerySchema.parse(Object.fromEntries(recordQueryParams(full)))).toEqual(full);
  });
});

describe("a search text longer than a search takes", () => {
  // A pasted response (the walk: 201 characters) was dropped, and the list showed every record as if nothing had
  // been asked, the box emptied.
  const long =
    `Warfarin dose adjustment after an INR of 4.5 ${"with no bleeding and a stable diet ".repeat(8)}`.trim();

  it("searches by its first 200 characters in both lists, and the page can tell", () => {
    expect(long.length).toBeGreaterThan(SEARCH_MAX);
    for (const schema of [recordQuerySchema, seedListQuerySchema]) {
      const q = schema.parse({ q: long }).q as string;
      // whole words only: a search ANDs its words, and half of one ("bleedin") matched nothing
      expect(long.startsWith(q)).toBe(true);
      expect(q.length).toBeLessThanOrEqual(SEARCH_MAX);
      expect(q.length).toBeGreaterThan(SEARCH_MAX - 20);
      expect(long[q.length]).toMatch(/\s/);
      expect(q).toMatch(/\S$/);
    }
    expect(searchWasCut(long, SEARCH_MAX)).toBe(true);
    expect(searchWasCut([long], SEARCH_MAX)).toBe(true);
    expect(searchWasCut("warfarin", SEARCH_MAX)).toBe(false);
    expect(searchWasCut(undefined, SEARCH_MAX)).toBe(false);
    // exactly the limit: searched whole, nothing said
    const exact = "a".repeat(SEARCH_MAX);
    expect(recordQuerySchema.parse({ q: exact }).q).toBe(exact);
    expect(searchWasCut(exact, SEARCH_MAX)).toBe(false);
  });

  it("never cuts a character in half, and text that cannot be stored is still no search", () => {
    const emoji = `${"x".repeat(SEARCH_MAX - 1)}😀😀`;
    const q = recordQuerySchema.parse({ q: emoji }).q as string;
    expect(Array.from(q)).toHaveLength(SEARCH_MAX);
    expect(q.endsWith("😀")).toBe(true);
    expect(cutText("ab😀c", 3)).toBe("ab😀");
    expect(cutAtWord("no bleeding today", 12)).toBe("no bleeding");
    expect(cutAtWord("no bleeding today", 11)).toBe("no bleeding");
    expect(cutAtWord("no bleeding today", 10)).toBe("no");
    expect(cutAtWord("nobleedingtoday", 5)).toBe("noble");
    expect(recordQuerySchema.parse({ q: `warfarin\u0000${"y".repeat(300)}` }).q).toBeUndefined();
  });
});
