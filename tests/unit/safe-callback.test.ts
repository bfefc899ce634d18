import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import { signInUrl } from "@/lib/auth/page-url";
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

describe("signInUrl", () => {
  it("names the page to come back to, its filters kept, and sends back through safeCallback unchanged", () => {
    const url = signInUrl("/seeds?status=DRAFT&q=angina pectoris");
    expect(url).toBe("/signin?callbackUrl=%2Fseeds%3Fstatus%3DDRAFT%26q%3Dangina+pectoris");
    const back = new URL(url, origin).searchParams.get("callbackUrl") ?? undefined;
    expect(safeCallback(back, origin)).toBe("/seeds?status=DRAFT&q=angina%20pectoris");
  });
  it.each([null, undefined, "", "/", "/signin", "/signin?callbackUrl=%2Fx", "//evil.example", "seeds"])(
    "gives the plain sign-in page for %s",
    (page) => expect(signInUrl(page)).toBe("/signin"),
  );
});
