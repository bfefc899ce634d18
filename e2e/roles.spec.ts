import { expect, test } from "@playwright/test";
import { ADMIN, AUTHOR, REVIEWER } from "./fixtures/accounts";
import { mainNav, signIn, signOut } from "./fixtures/auth";
import { callServerAction } from "./fixtures/server-actions";

test("an author sees only their navigation and is refused admin pages, routes and actions on the server", async ({
  page,
  baseURL,
}) => {
  await signIn(page, AUTHOR);
  await expect(mainNav(page)).toHaveText([/^Seeds/]);

  const adminPage = await page.goto("/admin/users");
  expect(adminPage?.status()).toBe(403);
  await expect(page.getByText("You don't have access to this page")).toBeVisible();

  const api = await page.request.get("/api/v1/users");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("FORBIDDEN");

  const intruder = "intruder@e2e.medseed";
  const action = await callServerAction(page.request, baseURL ?? "", "/admin/users", "createUserAction", [
    { email: intruder, password: "intruder password", roles: ["ADMIN"] },
  ]);
  expect(action.body).toContain('"code":"FORBIDDEN"');

  await page.goto("/");
  await signOut(page);
  await signIn(page, ADMIN);
  const users = await (await page.request.get("/api/v1/users")).json();
  expect(users.data.map((u: { email: string }) => u.email)).not.toContain(intruder);
});

test("a reviewer sees Seeds, Review, Exports and Datasets only", async ({ page }) => {
  await signIn(page, REVIEWER);
  await expect(mainNav(page)).toHaveText([/^Seeds/, /^Review/, /^Exports/, /^Datasets/]);
  expect((await page.goto("/generation"))?.status()).toBe(403);
  expect((await page.goto("/datasets/publish"))?.status()).toBe(403);
});

test("anonymous visitors are sent to sign in; anonymous API calls get 401", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin/);
  const api = await page.request.get("/api/v1/users");
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe("UNAUTHENTICATED");
  const health = await page.request.get("/api/health");
  expect(await health.json()).toMatchObject({ status: "ok", database: "up" });
});

test("a wrong password gets a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(REVIEWER.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("signing out ends the session: a copy of its cookie taken before is refused after", async ({
  browser,
  page,
}) => {
  await signIn(page, REVIEWER);
  const copied = await page.context().cookies();
  await signOut(page);

  const other = await browser.newContext();
  await other.addCookies(copied);
  const replay = await other.newPage();
  await replay.goto("/seeds");
  await expect(replay).toHaveURL(/\/signin/);
  expect((await replay.request.get("/api/v1/seeds")).status()).toBe(401);
  await other.close();
});

test("deactivating a user ends their open session", async ({ browser, page }) => {
  const temp = { email: "temp@e2e.medseed", password: "temporary password" };
  await signIn(page, ADMIN);
  const created = await page.request.post("/api/v1/users", { data: { ...temp, roles: ["AUTHOR"] } });
  expect(created.status()).toBe(201);

  const other = await browser.newContext();
  const tempPage = await other.newPage();
  await signIn(tempPage, temp);

  await page.goto("/admin/users");
  const row = page.getByTestId(`user-row-${temp.email}`);
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByText("Deactivated")).toBeVisible();

  await tempPage.goto("/seeds");
  await expect(tempPage).toHaveURL(/\/signin/);
  expect((await tempPage.request.get("/api/v1/users")).status()).toBe(401);
  await other.close();
});
