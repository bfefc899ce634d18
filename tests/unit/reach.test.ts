import { describe, expect, it } from "vitest";
import { reach, UNREACHABLE } from "@/components/forms/reach";

// The one fallback every form and button uses when a server action cannot be reached at all.
describe("reach", () => {
  it("passes the action's own answer through, a refusal included", async () => {
    await expect(reach(Promise.resolve({ ok: true as const, data: 7 }))).resolves.toEqual({
      ok: true,
      data: 7,
    });
    const refused = {
      ok: false as const,
      code: "CONFLICT" as const,
      message: "Someone else saved it first.",
    };
    await expect(reach(Promise.resolve(refused))).resolves.toBe(refused);
  });

  it("turns a call that never answered into a failure saying so, in the page's words or the caller's", async () => {
    await expect(reach(Promise.reject(new TypeError("Failed to fetch")))).resolves.toEqual({
      ok: false,
      code: "INTERNAL",
      message: UNREACHABLE,
    });
    expect(UNREACHABLE).toMatch(/^Could not reach MedSeed\. Check your connection and try again\.$/);
    const r = await reach(
      Promise.reject(new Error("offline")),
      "Could not reach MedSeed: the approval stands.",
    );
    expect(r).toMatchObject({ ok: false, message: "Could not reach MedSeed: the approval stands." });
  });
});
