import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import { safeCallback } from "@/lib/auth/safe-callback";

const origin = "http://localhost:3000";

describe("safeCallback", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeCallback("/seeds?status=DRAFT#top", origin)).toBe("/seeds?status=DRAFT#top");
    expect(safeCallback("http://localhost:3000/admin/users", origin)).toBe("/admin/users");
    expect(safeCallback(undefined, origin)).toBe("/");
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "/\t/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
  ])("sends %s home instead of off-site", (url) => {
    expect(safeCallback(url, origin)).not.toMatch(/evil|javascript/);
  });
});

describe("clientIp", () => {
  it("uses the socket address the server recorded, not what the client claims", () => {
    const h = new Headers({ "x-medseed-client-ip": "10.0.0.5", "x-forwarded-for": "1.2.3.4" });
    expect(clientIp(h, false)).toBe("10.0.0.5");
  });
  it("believes the first X-Forwarded-For hop only behind a trusted proxy", () => {
    const h = new Headers({ "x-medseed-client-ip": "10.0.0.1", "x-forwarded-for": "203.0.113.9, 10.0.0.1" });
    expect(clientIp(h, true)).toBe("203.0.113.9");
  });
  it("says unknown when nothing is known", () => {
    expect(clientIp(undefined, false)).toBe("unknown");
  });
});
