import { expect, type Page, test } from "@playwright/test";
import { ADMIN, AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn, signOut } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

// A new topic typed by an author is a proposal: the author sees it marked "proposed", a reviewer is not
// offered it in the seed list's filter, and once an admin accepts it on /admin/vocabulary everyone is.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const topicFilterOptions = (page: Page) =>
  page.getByLabel("Topic", { exact: true }).locator("option").allTextContents();

test("an author's new topic waits for an admin, offered to nobody else until accepted", async ({ page }) => {
  test.setTimeout(120_000);
  const topic = `Expedition medicine ${Date.now().toString(36)}`;

  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(
    `Explain how to prevent acute mountain sickness on a trek (${topic}).`,
  );
  await field(page, "Topic").fill(topic);
  await expect(page.getByText("New topic: saved as your proposal until an admin accepts it.")).toBeVisible();
  await field(page, "View").fill("Patient");
  await field(page, "Task type").selectOption("Open Q&A");
  await changeAndSave(page, () => page.getByLabel("Difficulty 2").check());
  await expect(page).toHaveURL(/\/seeds\/[^/]+\/edit$/);
  await page.reload();
  await expect(page.getByText(/^Proposed: waits for an admin to accept this topic/)).toBeVisible();
  await page.goto("/seeds");
  expect(await topicFilterOptions(page)).toContain(topic);
  await signOut(page);

  await signIn(page, REVIEWER);
  await page.goto("/seeds");
  expect(await topicFilterOptions(page)).not.toContain(topic);
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/admin/vocabulary");
  const proposal = page.getByRole("listitem", { name: `Proposed topic ${topic}` });
  await expect(proposal).toContainText(AUTHOR.name as string);
  await expect(proposal).toContainText("1 task");
  await proposal.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByText(`"${topic}" accepted`)).toBeVisible();
  await expect(proposal).toHaveCount(0);
  await signOut(page);

  await signIn(page, REVIEWER);
  await page.goto("/seeds");
  expect(await topicFilterOptions(page)).toContain(topic);
});
