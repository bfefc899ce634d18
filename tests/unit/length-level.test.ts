import { describe, expect, it } from "vitest";
import { lengthLevel } from "@/components/seeds/length-level";

describe("lengthLevel: the counter warns before the limit", () => {
  it("warns in the last 10% (at most the last 100 characters), then at the limit", () => {
    expect(lengthLevel(0, 2_000)).toBe("ok");
    expect(lengthLevel(1_899, 2_000)).toBe("ok");
    expect(lengthLevel(1_900, 2_000)).toBe("near");
    expect(lengthLevel(1_999, 2_000)).toBe("near");
    expect(lengthLevel(2_000, 2_000)).toBe("full");
    expect(lengthLevel(2_001, 2_000)).toBe("over");
  });

  it("a long field warns in its last 100 characters, a short one in its last tenth", () => {
    expect(lengthLevel(19_899, 20_000)).toBe("ok");
    expect(lengthLevel(19_900, 20_000)).toBe("near");
    expect(lengthLevel(89, 100)).toBe("ok");
    expect(lengthLevel(90, 100)).toBe("near");
  });
});
