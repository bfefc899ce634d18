import { describe, expect, it } from "vitest";
import { seedListParams, seedListQuerySchema } from "@/lib/validation/seed-list";

// The seed list's URL: links the app makes use upper-case statuses; people type them in any case.

describe("seedListQuerySchema status", () => {
  it("reads a status typed in any case, alone or in a list", () => {
    expect(seedListQuerySchema.parse({ status: "draft" }).status).toEqual(["DRAFT"]);
    expect(seedListQuerySchema.parse({ status: "Submitted, approved" }).status).toEqual([
      "SUBMITTED",
      "APPROVED",
    ]);
    expect(seedListQuerySchema.parse({ status: ["changes_requested", "REJECTED"] }).status).toEqual([
      "CHANGES_REQUESTED",
      "REJECTED",
    ]);
  });

  it("still drops a value that is no status, and writes links back in the app's case", () => {
    expect(seedListQuerySchema.parse({ status: "draft,pending" }).status).toEqual([]);
    expect(seedListParams(seedListQuerySchema.parse({ status: "draft" })).toString()).toBe("status=DRAFT");
  });
});
