import { type Browser, expect, type Page, test } from "@playwright/test";
import { type Account, AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

// PHI screening in the editor and at review: a clinician sees a phone number and a date of admission flagged
// as they type and replaces both with placeholders in one click; a reviewer cannot approve a task with an
// open finding, marks an eponym false alarm "not PHI" with a reason, and approves.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function as(browser: Browser, account: Account) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account);
  return page;
}

test("a clinician sees a phone number and a date of admission flagged and replaces both in one click", async ({
  page,
}) => {
  const marker = `phi${Date.now().toString(36)}`;
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(`Summarise the discharge plan (${marker}).`);
  await field(page, "Input").fill(
    "Date of admission: 03/14/2024. Call the daughter on 555-201-3344 if he deteriorates.",
  );
  const found = page.getByRole("list", { name: "Possible patient identifiers" });
  await expect(found.getByRole("listitem")).toHaveCount(2);
  await expect(found.getByRole("listitem").filter({ hasText: "03/14/2024" })).toContainText("DATE");
  await expect(found.getByRole("listitem").filter({ hasText: "555-201-3344" })).toContainText("PHONE");
  // Highlighted in the text with their category.
  const panel = page.getByRole("region", { name: "Patient identifier screen" });
  await expect(panel.locator("mark", { hasText: "555-201-3344" })).toContainText("PHONE");

  await page.getByRole("button", { name: "Replace all 2 with placeholders" }).click();
  await expect(field(page, "Input")).toHaveValue(
    "Date of admission: [DATE]. Call the daughter on [PHONE] if he deteriorates.",
  );
  await expect(panel).toContainText("Screened: no possible patient identifier found");
  await expect(panel).not.toContainText(/\bsafe\b/i);

  // Saved as typed: the placeholders are what the server keeps.
  await field(page, "Topic").fill("Cardiology");
  await field(page, "View").fill("Nurse");
  await field(page, "Task type").selectOption("Summarization");
  await changeAndSave(page, () => page.getByLabel("Difficulty 2").check());
  await page.reload();
  await expect(field(page, "Input")).toHaveValue(/\[DATE\].*\[PHONE\]/);
});

test("one finding replaced with one click leaves the other flagged", async ({ page }) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  await field(page, "Input").fill("Admitted on 14 March 2024; phone 555-201-3344.");
  await page.getByRole("button", { name: "Replace 555-201-3344 with [PHONE]" }).click();
  await expect(field(page, "Input")).toHaveValue("Admitted on 14 March 2024; phone [PHONE].");
  const found = page.getByRole("list", { name: "Possible patient identifiers" });
  await expect(found.getByRole("listitem")).toHaveCount(1);
  await expect(found).toContainText("14 March 2024");
});

test("a note is screened too (MedSeed's JSONL and CSV exports carry it): flagged and replaced in one click", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill("Explain the causes of hyponatraemia.");
  await field(page, "Note").fill("From the case of the patient whose daughter is on 07700 900123.");
  const found = page.getByRole("list", { name: "Possible patient identifiers" });
  await expect(found.getByRole("listitem")).toHaveCount(1);
  await expect(found.getByRole("listitem")).toContainText(/PHONE\s*Note\s*07700 900123/);
  await page.getByRole("button", { name: "Replace 07700 900123 with [PHONE]" }).click();
  await expect(field(page, "Note")).toHaveValue("From the case of the patient whose daughter is on [PHONE].");
  await expect(page.getByRole("region", { name: "Patient identifier screen" })).toContainText(
    "Screened: no possible patient identifier found",
  );
});

test("a reviewer marks an eponym false alarm 'not PHI' with a reason, then approves", async ({ browser }) => {
  const marker = `eponym${Date.now().toString(36)}`;
  const author = await as(browser, AUTHOR);
  await author.goto("/seeds/new");
  await field(author, "Instruction").fill(
    `Dr. Trousseau described the sign of latent tetany. Explain how to elicit it (${marker}).`,
  );
  await field(author, "Topic").fill("Endocrinology");
  await field(author, "View").fill("Medical Student");
  await field(author, "Task type").selectOption("Open Q&A");
  await changeAndSave(author, () => author.getByLabel("Difficulty 2").check());
  await expect(
    author.getByRole("list", { name: "Possible patient identifiers" }).getByRole("listitem"),
  ).toHaveCount(1);
  await author.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(author).toHaveURL(/\/seeds\/[^/]+$/);

  const reviewer = await as(browser, REVIEWER);
  await reviewer.goto(`/review?q=${marker}`);
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  const open = reviewer.getByRole("list", { name: "Open findings" });
  await expect(open.getByRole("listitem")).toHaveCount(1);
  await expect(open).toContainText("Trousseau");

  // Approval waits, saying why beside the button; the key `a` says it out loud (it did nothing visible).
  const approve = reviewer.getByRole("button", { name: "Approve", exact: true });
  await expect(approve).toBeDisabled();
  await expect(approve).toHaveAccessibleDescription(/Approval waits for the 1 possible patient identifier/);
  await reviewer.keyboard.press("a");
  await expect(
    reviewer.getByRole("alert").filter({ hasText: "Approval waits for the 1 possible" }),
  ).toBeVisible();
  // and where the eye is, the note often being below the fold
  await expect(
    reviewer
      .locator("[data-sonner-toast]")
      .filter({ hasText: "Not approved: 1 possible patient identifier to resolve first" }),
  ).toBeVisible();
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();

  await open.getByRole("button", { name: "Not PHI…" }).click();
  await reviewer
    .getByLabel(/Why is "Trousseau" not a patient identifier/)
    .fill("Eponym: Trousseau's sign, after the 19th-century physician");
  await reviewer.getByRole("button", { name: "Mark not PHI" }).click();
  await expect(reviewer.getByRole("region", { name: "Resolved findings" })).toContainText(
    "not PHI (Eponym: Trousseau's sign",
  );
  await expect(reviewer.getByRole("list", { name: "Open findings" })).toHaveCount(0);

  await reviewer.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();
  await author.goto(author.url());
  await expect(author.getByText("Approved", { exact: true })).toBeVisible();
});
