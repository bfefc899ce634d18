import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/utils/bytes";
import { countOf } from "@/lib/utils/plural";

describe("numbers as people read them", () => {
  it("sizes: a small file in bytes, not '1 KB'", () => {
    expect(formatBytes(22)).toBe("22 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KB");
    expect(formatBytes(3.5 * 1024 ** 2)).toBe("3.5 MB");
    expect(formatBytes(2 * 1024 ** 3)).toBe("2.0 GB");
  });

  it("counts with their noun", () => {
    expect(countOf(1, "item")).toBe("1 item");
    expect(countOf(0, "item")).toBe("0 items");
    expect(countOf(1204, "item")).toBe("1,204 items");
    expect(countOf(2, "query", "queries")).toBe("2 queries");
  });
});
