import { describe, expect, it } from "vitest";
import { recordQueryParams, recordQuerySchema } from "@/lib/validation/dataset";

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
