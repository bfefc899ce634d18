import { expect, type Page, test } from "@playwright/test";
import { ADMIN, AUTHOR } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** Writes a complete task in the editor and sends it for review (the author's own path, no shortcuts). */
async function writeAndSubmit(page: Page, instruction: string) {
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(instruction);
  await field(page, "Input").fill("A 58-year-old man with type 2 diabetes; eGFR 38 mL/min/1.73m².");
  await field(page, "Reference output").fill("Reduce or stop metformin below eGFR 30; review at 30–45…");
  await field(page, "Topic").fill("Endocrinology");
  await field(page, "View").fill("Resident");
  await field(page, "Task type").selectOption("Open Q&A");
  await changeAndSave(page, () => page.getByLabel("Difficulty 3").check());
  await expect(page).toHaveURL(/\/seeds\/[^/]+\/edit$/);
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(page).toHaveURL(/\/seeds\/[^/]+$/);
}

test("a reviewer approves three submitted tasks in one confirmed action", async ({ browser }) => {
  const marker = `bulk${Date.now().toString(36)}`;
  // Distinct openings: the row checkboxes are named after the first 60 characters of the instruction.
  const instructions = [
    `${marker} one: adjust metformin for a patient whose kidney function is declining.`,
    `${marker} two: choose a second-line agent when HbA1c stays above target on metformin.`,
    `${marker} three: explain sick-day rules for SGLT2 inhibitors to a patient with diabetes.`,
  ];

  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  for (const text of instructions) await writeAndSubmit(author, text);
  await author.context().close();

  const page = await (await browser.newContext()).newPage();
  await signIn(page, ADMIN);
  await page.goto("/seeds?status=SUBMITTED");
  for (const text of instructions) {
    await page.getByRole("checkbox", { name: `Select: ${text.slice(0, 60)}`, exact: true }).check();
  }
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toContainText("3 selected");
  await bar.getByRole("button", { name: "Approve selected" }).click();

  // The list's refresh after the decisions is held back, as a busy server would: the result must still close
  // at once when asked (it once waited for the refresh, and a loaded CI machine saw Close do nothing).
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/seeds**", async (route) => {
    if (route.request().method() === "GET" && route.request().headers().rsc) await held;
    await route.continue().catch(() => {});
  });

  const dialog = page.getByRole("dialog", { name: "Approve 3 tasks?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Approve 3 tasks" }).click();

  const result = page.getByRole("dialog", { name: "Review result" });
  await expect(result).toContainText("3 done, 0 refused.");
  const outcomes = result.getByRole("list", { name: "Outcomes" }).getByRole("listitem");
  await expect(outcomes).toHaveCount(3);
  for (const text of instructions) {
    await expect(outcomes.filter({ hasText: text.slice(0, 40) })).toContainText("Done");
  }
  await result.getByRole("button", { name: "Close", exact: true }).first().click();
  await expect(result).toBeHidden();
  release();
  await page.unroute("**/seeds**");
  await expect(bar).toBeHidden();

  await page.goto(`/seeds?q=${marker}`);
  for (const text of instructions) {
    await expect(page.getByRole("row").filter({ hasText: text.slice(0, 40) })).toContainText("Approved");
  }
});
