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

test("an admin accepts the topics an author's import proposed, several in one go", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const topics = ["Dive medicine", "Aviation medicine", "Wilderness medicine"].map((t) => `${t} ${tag}`);

  await signIn(page, AUTHOR);
  await page.goto("/seeds/import");
  await page.locator('input[type="file"]').setInputFiles({
    name: `proposals-${tag}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(
      JSON.stringify(
        topics.map((topic, i) => ({
          topic,
          view: "Patient",
          type: "Open Q&A",
          instruction: `Explain the main risks of ${topic.toLowerCase()} to a first-time traveller (${i}).`,
          input: "<noinput>",
          difficulty: "2",
        })),
      ),
    ),
  });
  const importButton = page.getByRole("button", { name: "Import 3 tasks" });
  await expect(importButton).toBeEnabled({ timeout: 30_000 });
  await importButton.click();
  await expect(page.getByText(/Imported 3 tasks/)).toBeVisible({ timeout: 30_000 });
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/admin/vocabulary");
  const accept = page.getByRole("button", { name: /^Accept selected \(\d+\)$/ });
  await expect(accept).toBeDisabled();
  for (const topic of topics) await page.getByLabel(`Select topic ${topic}`).check();
  await expect(page.getByRole("button", { name: "Accept selected (3)" })).toBeEnabled();
  await page.getByRole("button", { name: "Accept selected (3)" }).click();
  await expect(page.getByText("3 values accepted")).toBeVisible();
  for (const topic of topics)
    await expect(page.getByRole("listitem", { name: `Proposed topic ${topic}` })).toHaveCount(0);
  await signOut(page);

  await signIn(page, REVIEWER);
  await page.goto("/seeds");
  const offered = await topicFilterOptions(page);
  for (const topic of topics) expect(offered).toContain(topic);
});

test("an admin is offered a merge for one value spelt two ways, and merges it", async ({ page }) => {
  const mark = Date.now().toString(36);
  const [plural, singular] = [`Zygomycoses ${mark}`, `Zygomycosis ${mark}`];
  await signIn(page, ADMIN);
  await page.goto("/admin/vocabulary?kind=topics");
  for (const value of [plural, singular]) {
    await page.getByLabel("Add to topics").fill(value);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByTestId(`term-${value}`)).toBeVisible();
  }
  const alike = page.getByRole("list", { name: "Possibly the same value" });
  const offer = alike.getByRole("button", { name: new RegExp(`^Merge “Zygomycos[ei]s ${mark}” into`) });
  await expect(offer).toHaveCount(1);
  await offer.click();
  await page.getByRole("dialog").getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByText(/^Merged into Zygomycos[ei]s/)).toBeVisible();
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId(`term-${plural}`).or(page.getByTestId(`term-${singular}`))).toHaveCount(1);
});

test("a proposal spelt like an accepted value says so, with its merge set to that value", async ({
  page,
}) => {
  const mark = Date.now().toString(36);
  const [accepted, proposed] = [`Tropical Disease ${mark}`, `Tropical diseases ${mark}`];
  await signIn(page, ADMIN);
  await page.goto("/admin/vocabulary?kind=topics");
  await page.getByLabel("Add to topics").fill(accepted);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByTestId(`term-${accepted}`)).toBeVisible();
  await signOut(page);

  await signIn(page, AUTHOR);
  const made = await page.request.post("/api/v1/seeds", {
    data: { instruction: `Explain dengue fever warning signs (${mark}).`, topic: proposed, view: "Patient" },
  });
  expect(made.status()).toBe(201);
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/admin/vocabulary");
  const proposal = page.getByRole("listitem", { name: `Proposed topic ${proposed}` });
  await expect(proposal.getByTestId("proposal-alike")).toHaveText(
    `Probably the same as the accepted “${accepted}”: Merge below is set to it.`,
  );
  await proposal.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByText(`"${proposed}" merged into "${accepted}"`)).toBeVisible();
  await expect(proposal).toHaveCount(0);
});
