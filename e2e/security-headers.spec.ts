import { expect, type Page, test } from "@playwright/test";
import { ADMIN } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { actionId } from "./fixtures/server-actions";

// Every CSP violation the browser reports on a page: the DOM event (scripts, styles, frames, connections)
// and Chromium's console line for the same, so nothing blocked goes unnoticed.
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__reportCspViolation", (line: string) => seen.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation: (l: string) => void }).__reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Permissions-Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/_-]+={0,2})'/.exec(csp)?.[1];

test("pages carry a strict nonce-based Content-Security-Policy and a Permissions-Policy", async ({
  request,
}) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'self'");
  const nonce = nonceOf(csp);
  expect(nonce).toBeTruthy();
  expect(nonceOf(second.headers()["content-security-policy"] ?? "")).not.toBe(nonce); // fresh per request

  // Next puts the nonce on every script it writes into the page (framework, chunks, inline data).
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  expect(first.headers()["permissions-policy"]).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  expect(first.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");

  // API responses are data, never a document: nothing may load or run in them.
  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("the main pages run under the policy without a single violation", async ({ page }) => {
  test.setTimeout(180_000); // every main page in turn, each to network idle
  const violations = await watchViolations(page);
  await page.goto("/signin");
  await signIn(page, ADMIN); // the form only works when Next's scripts were allowed to run

  const created = await page.request.post("/api/v1/seeds", {
    data: { instruction: `Explain the CHA2DS2-VASc score (csp ${Date.now()}).`, topic: "Cardiology" },
  });
  expect(created.status()).toBe(201);
  const seedId = ((await created.json()) as { data: { id: string } }).data.id;

  const paths = [
    "/",
    "/seeds",
    `/seeds/${seedId}`,
    `/seeds/${seedId}/edit`,
    "/seeds/new",
    "/seeds/coverage",
    "/seeds/import",
    "/review",
    "/exports",
    "/generation",
    "/generation/new",
    "/generation/settings",
    "/datasets",
    "/admin/users",
    "/admin/audit",
    "/admin/vocabulary",
    "/admin/settings",
    "/datasets/publish",
    "/account/tokens",
    "/api-docs",
    "/no-such-page",
  ];
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A server action, a Radix dialog (its scroll lock adds a <style>), a toast (sonner injects its styles)
  // and client-side navigation (RSC requests, lazily loaded chunks).
  const tokenName = `csp check ${Date.now()}`;
  await page.goto("/account/tokens");
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("New token")).toHaveValue(/^msd_/);
  await page.getByRole("button", { name: `Revoke token ${tokenName}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText(`Token “${tokenName}” revoked`)).toBeVisible();
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Seeds/ })
    .click();
  await expect(page).toHaveURL(/\/seeds$/);
  await page.waitForLoadState("networkidle");

  expect(violations).toEqual([]);
});

test("a server action posted from another site is refused with 403 and not run; from here it runs", async ({
  page,
  baseURL,
}) => {
  await signIn(page, ADMIN);
  const name = `cross-site ${Date.now()}`;
  const post = (origin: string, tokenName = name, host?: string) =>
    page.request.post("/account/tokens", {
      headers: {
        "Next-Action": actionId("createTokenAction"),
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        Origin: origin,
        ...(host ? { Host: host } : {}),
      },
      data: JSON.stringify([{ name: tokenName }]),
    });

  for (const origin of ["https://evil.example", "null", "http://localhost.evil.example"]) {
    const refused = await post(origin);
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toBe("Cross-site requests are not accepted.");
  }
  // The same through a plain HTML form (no Next-Action header: Next's no-JavaScript form actions).
  const form = await page.request.post("/account/tokens", {
    headers: { Origin: "https://evil.example" },
    multipart: { [`$ACTION_ID_${actionId("createTokenAction")}`]: "", name },
  });
  expect(form.status()).toBe(403);

  await page.goto("/account/tokens");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);

  const allowed = await post(baseURL ?? "");
  expect(allowed.status()).toBe(200);
  await page.reload();
  await expect(page.getByText(name)).toBeVisible();

  // Behind a reverse proxy that rewrites Host, the public origin (NEXTAUTH_URL) is still this site.
  const proxied = `behind a proxy ${Date.now()}`;
  const viaProxy = await post(baseURL ?? "", proxied, "medseed-upstream.internal:3000");
  expect(viaProxy.status()).toBe(200);
  await page.reload();
  await expect(page.getByText(proxied)).toBeVisible();
});
