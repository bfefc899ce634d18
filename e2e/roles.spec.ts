import { expect, test } from "@playwright/test";
import { ADMIN, AUTHOR, ENGINEER, REVIEWER } from "./fixtures/accounts";
import { mainNav, signIn, signOut } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";
import { callServerAction } from "./fixtures/server-actions";

test("an author sees only their navigation and is refused admin pages, routes and actions on the server", async ({
  page,
  baseURL,
}) => {
  await signIn(page, AUTHOR);
  await expect(mainNav(page)).toHaveText([/^Dashboard/, /^Seeds/, /^Evaluation/]);

  const adminPage = await page.goto("/admin/users");
  expect(adminPage?.status()).toBe(403);
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  // It names the role that would open it, inside the app's one <main>.
  await expect(
    page.getByText("This part of MedSeed needs the Admin role, which your account does not have."),
  ).toBeVisible();
  await expect(page.locator("main")).toHaveCount(1);
  await page.goto("/review");
  await expect(page.getByText("This part of MedSeed needs the Reviewer or Admin role")).toBeVisible();

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

test("a reviewer sees Dashboard, Seeds, Review, Exports, Datasets and Evaluation only", async ({ page }) => {
  await signIn(page, REVIEWER);
  await expect(mainNav(page)).toHaveText([
    /^Dashboard/,
    /^Seeds/,
    /^Review/,
    /^Exports/,
    /^Datasets/,
    /^Evaluation/,
  ]);
  expect((await page.goto("/generation"))?.status()).toBe(403);
  expect((await page.goto("/datasets/publish"))?.status()).toBe(403);
});

test("an ML engineer sees Dashboard, Seeds, Exports, Generation, Datasets and Evaluation, reads seeds, and is refused admin pages and seed creation", async ({
  page,
}) => {
  await signIn(page, ENGINEER);
  await expect(mainNav(page)).toHaveText([
    /^Dashboard/,
    /^Seeds/,
    /^Exports/,
    /^Generation/,
    /^Datasets/,
    /^Evaluation/,
  ]);
  // The dashboard speaks to what an engineer does.
  await expect(page.getByRole("heading", { name: "Generation and datasets" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Approved seeds to export/ })).toHaveAttribute(
    "href",
    "/exports",
  );
  await expect(page.getByRole("heading", { name: "Review submitted tasks" })).toHaveCount(0);

  // Seeds to read, not to write.
  await mainNav(page).getByText("Seeds").click();
  await expect(page.getByRole("heading", { name: "Seeds", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "New seed task" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import" })).toHaveCount(0);

  for (const path of [
    "/admin",
    "/admin/users",
    "/review",
    "/generation/settings",
    "/seeds/new",
    "/seeds/import",
  ]) {
    expect((await page.goto(path))?.status(), path).toBe(403);
  }
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  const created = await page.request.post("/api/v1/seeds", {
    data: {
      instruction: "Explain the first-line treatment of community-acquired pneumonia.",
      input: "",
      topic: "Pulmonology",
      view: "Nurse",
      type: "Open Q&A",
      difficulty: 2,
    },
  });
  expect(created.status()).toBe(403);
  expect((await created.json()).error.code).toBe("FORBIDDEN");
  expect((await page.request.get("/api/v1/users")).status()).toBe(403);

  // What an engineer does, the server lets them do.
  expect((await page.goto("/generation/new"))?.status()).toBe(200);
  expect((await page.goto("/datasets/publish"))?.status()).toBe(200);
});

test("a link to an evaluation run, test set or item that does not exist shows the 404 page, not an error", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  for (const path of [
    "/evaluation/runs/no-such-run",
    "/evaluation/runs/no-such-run/items/no-such-item",
    "/evaluation/testsets/no-such-set",
    "/evaluation/testsets/no-such-set/items/no-such-item",
  ]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
    await expect(page.getByText("Page not found")).toBeVisible();
  }
});

test("a seed list page past the last goes to the last page, its filters kept", async ({ page }) => {
  await signIn(page, ADMIN);
  const topic = `Paging ${Date.now().toString(36)}`;
  await importApproved(
    page,
    "paging.json",
    Array.from({ length: 3 }, (_, i) => ({
      topic,
      view: "Nurse",
      type: "Open Q&A",
      instruction: `Explain step ${i} of inhaler technique to a ${topic} patient.`,
      input: "<noinput>",
      difficulty: "2",
    })),
  );
  await page.goto(`/seeds?${new URLSearchParams({ page: "999", topic })}`);
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages).toContainText("3 tasks · page 1 of 1");
  expect(new URL(page.url()).searchParams.get("topic")).toBe(topic);
  expect(new URL(page.url()).searchParams.get("page")).not.toBe("999");
});

test("anonymous visitors are sent to sign in, and back to the page they asked for; anonymous API calls get 401", async ({
  page,
}) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/seeds?status=DRAFT");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/seeds\?status=DRAFT$/);
  await signOut(page);
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
  // Roles: saved only when changed, and changed again after a save.
  const save = row.getByRole("button", { name: "Save roles" });
  await expect(save).toBeDisabled();
  const box = (name: string) => row.getByRole("checkbox", { name: new RegExp(`^${name}`) });
  for (const round of [1, 2]) {
    await box("Reviewer").setChecked(round === 1);
    await expect(save).toBeEnabled();
    await box("Reviewer").setChecked(round !== 1);
    await expect(save).toBeDisabled();
    await box(round === 1 ? "Reviewer" : "Author").setChecked(round === 1);
    await save.click();
    await expect(page.getByText(`Roles of ${temp.email} saved`).first()).toBeVisible();
    await expect(save).toBeDisabled();
  }
  // Author taken away, Reviewer given: what the server holds after the two saves.
  const users = (await (await page.request.get("/api/v1/users")).json()).data as {
    email: string;
    roles: string[];
  }[];
  expect(users.find((u) => u.email === temp.email)?.roles).toEqual(["REVIEWER"]);
  // Asked first: Cancel leaves them active and signed in.
  await row.getByRole("button", { name: "Deactivate" }).click();
  const confirm = page.getByRole("dialog", { name: `Deactivate ${temp.email}?` });
  await expect(confirm).toContainText("signed out at once");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await tempPage.goto("/seeds");
  await expect(tempPage).toHaveURL(/\/seeds/);
  await row.getByRole("button", { name: "Deactivate" }).click();
  await confirm.getByRole("button", { name: `Deactivate ${temp.email}` }).click();
  await expect(row.getByText("Deactivated")).toBeVisible();

  await tempPage.goto("/seeds");
  await expect(tempPage).toHaveURL(/\/signin/);
  expect((await tempPage.request.get("/api/v1/users")).status()).toBe(401);
  await other.close();
});
