import { describe, expect, it } from "vitest";
import { EMPTY_FORM, restoreKept, type SeedForm } from "@/components/seeds/seed-form-types";

const base: SeedForm = { ...EMPTY_FORM, instruction: "Explain DKA.", output: "Fluids first.", note: "" };

describe("restoring text kept in the browser onto a newer version", () => {
  it("restores only the fields the kept copy changed: another's change to another field stays", () => {
    const kept = { ...base, note: "mine" };
    const current = { ...base, output: "Theirs: fluids, then insulin." };
    expect(restoreKept(kept, base, current)).toEqual({
      form: { ...base, note: "mine", output: "Theirs: fluids, then insulin." },
      replaced: [],
    });
  });

  it("names a field both changed, where the kept text wins", () => {
    const kept = { ...base, output: "Mine", topic: "Endocrinology" };
    const current = { ...base, output: "Theirs", topic: "Endocrinology" };
    expect(restoreKept(kept, base, current)).toEqual({
      form: { ...base, output: "Mine", topic: "Endocrinology" },
      replaced: ["Reference output"],
    });
  });

  it("restores the whole copy when it carries no base (kept by an older MedSeed)", () => {
    const kept = { ...base, note: "mine" };
    expect(restoreKept(kept, undefined, { ...base, output: "Theirs" })).toEqual({ form: kept, replaced: [] });
  });

  it("changes nothing when the kept copy equals its base", () => {
    const current = { ...base, input: "A 30-year-old." };
    expect(restoreKept(base, base, current)).toEqual({ form: current, replaced: [] });
  });
});
