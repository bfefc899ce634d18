import { expect, test } from "@playwright/test";
import { ADMIN, AUTHOR, ENGINEER, REVIEWER } from "./fixtures/accounts";
import { mainNav } from "./fixtures/auth";

test("first run: the first person creates the admin account, signs in and adds an author, a reviewer and an ML engineer", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);

  // A mismatch is refused, and what was typed stays.
  await page.getByLabel("Name").fill(ADMIN.name ?? "");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill("something else");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("The passwords do not match")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);

  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/signin\?setup=done/);
  await expect(page.getByText("Your admin account is ready")).toBeVisible();
  // Not told, as everyone else is, to use "the account your MedSeed admin gave you": they are the admin.
  await expect(page.getByText("Use the account your MedSeed admin gave you.")).toHaveCount(0);
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await expect(mainNav(page)).toHaveText([
    /^Dashboard/,
    /^Seeds/,
    /^Review/,
    /^Exports/,
    /^Generation/,
    /^Datasets/,
    /^Evaluation/,
    /^Admin/,
  ]);

  // Set-up is gone once an account exists.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup/);

  await mainNav(page).getByText("Admin").click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.getByText("Only you so far")).toBeVisible();

  for (const account of [AUTHOR, REVIEWER, ENGINEER]) {
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a user" });
    await dialog.getByLabel("Email").fill(account.email);
    await dialog.getByLabel("Name").fill(account.name ?? "");
    await dialog.getByLabel("Password").fill(account.password);
    await dialog.getByRole("checkbox", { name: new RegExp(`^${account.role}`) }).check();
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`user-row-${account.email}`);
    await expect(row.getByRole("checkbox", { name: new RegExp(`^${account.role}`) })).toBeChecked();
  }
});
