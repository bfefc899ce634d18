import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "@/lib/security/content-security-policy";
import { isCrossSiteRequest } from "@/lib/security/cross-site";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((d) => d.split(" ")[0] === name)
    ?.split(" ")
    .slice(1);

describe("contentSecurityPolicy", () => {
  it("lets only scripts with this response's nonce run (and what they load), never inline or eval", () => {
    const policy = contentSecurityPolicy("abc123==");
    expect(directive(policy, "script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
    expect(directive(policy, "frame-ancestors")).toEqual(["'none'"]);
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("allows eval only in development, and upgrades requests only when served over https", () => {
    expect(directive(contentSecurityPolicy("n", { dev: true }), "script-src")).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("n", { https: true })).toContain("upgrade-insecure-requests");
  });

  it("makes a different nonce every time, in the form Next reads from the policy", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("isCrossSiteRequest", () => {
  const req = (h: Record<string, string>) => new Headers({ host: "medseed.local:3000", ...h });

  it("accepts the site's own origin and requests without an Origin header", () => {
    expect(isCrossSiteRequest(req({ origin: "http://medseed.local:3000" }))).toBe(false);
    expect(isCrossSiteRequest(req({}))).toBe(false);
  });

  it("refuses another host, another port, a look-alike host and the opaque origin 'null'", () => {
    for (const origin of [
      "https://evil.example",
      "http://medseed.local:3001",
      "http://medseed.local.evil.example:3000",
      "null",
    ]) {
      expect(isCrossSiteRequest(req({ origin })), origin).toBe(true);
    }
  });

  it("compares with X-Forwarded-Host when a proxy sets it, as Next does", () => {
    const headers = req({ origin: "https://medseed.example.org", "x-forwarded-host": "medseed.example.org" });
    expect(isCrossSiteRequest(headers)).toBe(false);
    expect(isCrossSiteRequest(req({ origin: "https://medseed.example.org" }))).toBe(true);
  });

  it("accepts the public origin (NEXTAUTH_URL) when a reverse proxy rewrote Host", () => {
    const headers = req({ origin: "https://medseed.example.org" });
    expect(isCrossSiteRequest(headers, "https://medseed.example.org")).toBe(false);
    expect(isCrossSiteRequest(headers, "https://other.example.org")).toBe(true);
    expect(isCrossSiteRequest(headers, "not a url")).toBe(true);
  });
});
