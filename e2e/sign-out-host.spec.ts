import { expect, test } from "@playwright/test";
import { AUTHOR } from "./fixtures/accounts";
import { signOut } from "./fixtures/auth";

// Signing out lands on the sign-in page of the host the person came through, not on NEXTAUTH_URL's
// (`localhost`): here the app is reached as 127.0.0.1 while NEXTAUTH_URL names localhost.

test("signing out through another host name stays on that host", async ({ page, baseURL }) => {
  const other = new URL(baseURL ?? "http://localhost:3100");
  expect(other.hostname).toBe("localhost");
  other.hostname = "127.0.0.1";
  await page.goto(new URL("/signin", other).toString());
  await page.getByLabel("Email").fill(AUTHOR.email);
  await page.getByLabel("Password").fill(AUTHOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(new URL(page.url()).host).toBe(other.host);
  await signOut(page);
  expect(new URL(page.url()).host).toBe(other.host);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // Signed out for real: the app sends this host's visitor back to its sign-in page.
  await page.goto(new URL("/seeds", other).toString());
  await expect(page).toHaveURL(new RegExp(`^http://${other.host.replace(/\./g, "\\.")}/signin`));
});
