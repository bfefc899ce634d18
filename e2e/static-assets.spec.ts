import { expect, test } from "@playwright/test";
import { AUTHOR } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";

test("the app's icons and robots.txt are served, and a page asks for nothing that is missing", async ({
  page,
  request,
}) => {
  for (const [path, type] of [
    ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icon.svg", /image\/svg\+xml/],
    ["/apple-touch-icon.png", /image\/png/],
    ["/robots.txt", /text\/plain/],
  ] as const) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
  }
  expect(await (await request.get("/robots.txt")).text()).toContain("Disallow: /");

  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await signIn(page, AUTHOR);
  await page.goto("/seeds");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /favicon\.ico|icon\.svg/);
  expect(missing).toEqual([]);
});
