import { expect, test } from "@playwright/test";
import { ADMIN } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";

// An export refused for a possible patient identifier, in the browser: an admin imports AlpaCare-style seeds as
// approved, one naming a client; the Exports page refuses, listing that seed linked to its page with the name
// it found; "Accept and export" wants a reason, then accepts it (recorded on the seed's page) and exports.

test("an admin sees the refused seed linked with its finding, accepts it with a reason, and the export is made", async ({
  page,
}) => {
  const marker = `phiexp${Date.now().toString(36)}`;
  const topic = `PHI export ${marker}`;
  await signIn(page, ADMIN);
  await importApproved(page, `${marker}.json`, [
    {
      topic,
      view: "Nurse",
      type: "Open Q&A",
      instruction: `Engage the client Jessie in a conversation about cutting down on alcohol (${marker}).`,
      input: "<noinput>",
      difficulty: "3",
    },
    {
      topic,
      view: "Nurse",
      type: "Open Q&A",
      instruction: `Explain what a standard drink is and how many a week stay low risk (${marker}).`,
      input: "<noinput>",
      difficulty: "2",
    },
  ]);

  await page.goto("/exports");
  const matching = page.getByTestId("export-matching");
  await expect(matching).toContainText(/The export will hold all \d+ approved seeds\./);
  await page.getByLabel("Topic").selectOption(topic);
  // The count follows the filters before anything is made; a filter nothing matches cannot be exported.
  // Imported as approved, the two were never screened: the preview screens them and says which would stop it.
  const stops = page.getByTestId("export-matching-phi");
  await expect(matching).toContainText(
    /The export will hold (2 of the \d+ approved seeds|all 2 approved seeds)\./,
  );
  await expect(stops).toHaveText(
    /^1 of them holds a possible patient identifier nobody resolved: the export will stop and list it until/,
  );
  await page.getByLabel("Difficulty 5").check();
  await expect(matching).toHaveText("No approved seed matches these filters: widen them to make an export.");
  await expect(stops).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create export" })).toBeDisabled();
  // The seed without a finding alone: nothing would stop the export. Changed quickly through 3, 4 and 1 on the
  // way, only the last choice's answer stays.
  await page.getByLabel("Difficulty 5").uncheck();
  for (const d of [3, 4, 1]) {
    await page.getByLabel(`Difficulty ${d}`).check();
    await page.getByLabel(`Difficulty ${d}`).uncheck();
  }
  await page.getByLabel("Difficulty 2").check();
  await expect(matching).toContainText(/The export will hold 1 of the \d+ approved seeds\./);
  await expect(stops).toHaveCount(0);
  // The choices live in the URL: a reload (or the link sent to a colleague) opens the same form and count.
  await expect(page).toHaveURL(/[?&]difficulty=2(&|$)/);
  await expect(page).toHaveURL(
    new RegExp(`[?&]topic=${encodeURIComponent(topic).replace(/%20/g, "(\\+|%20)")}(&|$)`),
  );
  await page.reload();
  await expect(page.getByLabel("Topic")).toHaveValue(topic);
  await expect(page.getByLabel("Difficulty 2")).toBeChecked();
  await expect(page.getByLabel("Difficulty 3")).not.toBeChecked();
  await expect(matching).toContainText(/The export will hold 1 of the \d+ approved seeds\./);
  // Two difficulties at once: both seeds again, the one with a finding among them.
  await page.getByLabel("Difficulty 3").check();
  await expect(page).toHaveURL(/[?&]difficulty=2%2C3(&|$)/);
  await expect(stops).toContainText("1 of them holds a possible patient identifier");
  await page.getByLabel("Difficulty 3").uncheck();
  await page.getByLabel("Difficulty 2").uncheck();
  await expect(page).not.toHaveURL(/difficulty=/);
  await expect(matching).toContainText(
    /The export will hold (2 of the \d+ approved seeds|all 2 approved seeds)\./,
  );
  await expect(stops).toContainText("1 of them holds a possible patient identifier");
  await page.getByRole("button", { name: "Create export" }).click();
  await expect(
    page.getByText("Not exported: 1 seed task holds possible patient identifiers nobody resolved"),
  ).toBeVisible({ timeout: 30_000 });
  const refused = page.getByRole("list", { name: "Seed tasks with unresolved identifiers" });
  await expect(refused.getByRole("listitem").filter({ has: page.getByRole("link") })).toHaveCount(1);
  const link = refused.getByRole("link", { name: /^Engage the client Jessie in a conversation/ });
  await expect(link).toHaveAttribute("href", /^\/seeds\/[^/?]+$/);
  const seedHref = (await link.getAttribute("href")) ?? "";
  const finding = refused.getByRole("list", { name: "Findings" }).getByRole("listitem");
  await expect(finding).toHaveText(/NAME\s*Jessie\s*in instruction/);
  // No raw id in a sentence: the seed is named by its instruction.
  await expect(page.getByText(/seed c[a-z0-9]{20,}/)).toHaveCount(0);
  // The seed's page (in another tab, the refusal staying here) says why an approved task is refused.
  const seedPage = await page.context().newPage();
  await seedPage.goto(seedHref);
  await expect(
    seedPage.getByText(/1 open finding: this task is approved \(imported as approved/),
  ).toBeVisible();
  await expect(seedPage.getByText(/cannot be approved until/)).toHaveCount(0);
  await expect(seedPage.getByText("No review decision on record: approved as imported")).toBeVisible();
  // Its editor says, before anything is saved, that a change sends the approved task back to review.
  await seedPage.goto(`${seedHref}/edit`);
  await expect(seedPage.getByRole("status").filter({ hasText: "This task is approved" })).toContainText(
    "goes back to review",
  );
  await seedPage.close();

  // The reason is required, and said so.
  await page.getByRole("button", { name: "Accept and export" }).click();
  const reason = page.getByLabel("Reason for accepting them");
  await expect(reason).toHaveAccessibleDescription(/Say why the remaining findings are accepted/);
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/exports(\?[^/]*)?$/);

  await reason.fill("Jessie is a fictional client in a teaching vignette");
  await page.getByRole("button", { name: "Accept and export" }).click();
  await expect(page).toHaveURL(/\/exports\/[^/?]+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: /^Export #\d+$/ })).toBeVisible();
  await expect(page.getByText(/· 2 seeds ·/)).toBeVisible();

  // The acceptance is recorded on the seed's page, by whom and why.
  await page.goto(seedHref);
  await expect(page.getByRole("region", { name: "Resolved findings" })).toContainText(
    `accepted (Jessie is a fictional client in a teaching vignette), ${ADMIN.name}`,
  );
});
