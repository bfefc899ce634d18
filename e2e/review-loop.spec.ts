import { type Browser, expect, type Page, test } from "@playwright/test";
import { UNDO_OFFER_MS } from "@/lib/review/undo-window";
import { type Account, ADMIN, AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

// Review must not be skipped or fooled: what is submitted is what is on screen, a task sent back comes back
// to its reviewer marked as resubmitted (also in bulk approval), and a quick approval can be undone.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const saveStatus = (page: Page) => page.locator("[data-save-status]");

async function as(browser: Browser, account: Account) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account);
  return page;
}

/** A complete task, saved as a draft; returns its id. */
async function writeDraft(page: Page, instruction: string): Promise<string> {
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(instruction);
  await field(page, "Topic").fill("Nephrology");
  await field(page, "View").fill("Resident");
  await field(page, "Task type").selectOption("Open Q&A");
  await changeAndSave(page, () => page.getByLabel("Difficulty 3").check());
  await expect(page).toHaveURL(/\/seeds\/[^/]+\/edit$/);
  return page.url().split("/").at(-2) as string;
}

async function writeAndSubmit(page: Page, instruction: string): Promise<string> {
  const id = await writeDraft(page, instruction);
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/seeds/${id}$`));
  return id;
}

async function sendBack(reviewer: Page, marker: string, reason: string) {
  await reviewer.goto(`/review?q=${marker}`);
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  await reviewer.keyboard.press("c");
  await expect(reviewer.getByRole("dialog", { name: "Request changes" })).toBeVisible();
  await reviewer.keyboard.type(reason);
  await reviewer.keyboard.press("Control+Enter");
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();
}

test("submitting while the editor says 'Not saved' refuses and says why; the last saved version is never sent", async ({
  page,
}) => {
  const marker = `unsaved${Date.now().toString(36)}`;
  await signIn(page, AUTHOR);
  const id = await writeDraft(page, `Explain ${marker} hyperkalaemia treatment in the first hour.`);

  // A new instruction, and a topic the server refuses: the editor cannot save what is on screen.
  await field(page, "Instruction").fill(`Explain ${marker} hyperkalaemia treatment with ECG changes.`);
  await field(page, "Topic").fill("Nephro\u200Blogy");
  await expect(saveStatus(page)).toHaveAttribute("data-save-status", "invalid");
  await expect(saveStatus(page)).toContainText("Not saved");

  for (const submit of [
    () => page.getByRole("button", { name: "Submit for review", exact: true }).click(),
    () => page.keyboard.press("Control+Enter"),
  ]) {
    await submit();
    await expect(page.getByRole("alert").filter({ hasText: /^Not submitted/ })).toContainText(
      "Topic contains an invisible character",
    );
    await expect(page).toHaveURL(new RegExp(`/seeds/${id}/edit$`));
  }
  const other = await (await page.context().browser()?.newContext())?.newPage();
  if (!other) throw new Error("no second page");
  await signIn(other, AUTHOR);
  await other.goto(`/seeds/${id}`);
  await expect(other.getByText("Draft", { exact: true })).toBeVisible();
  await expect(other.getByText(/hyperkalaemia treatment in the first hour/).first()).toBeVisible();

  // Fixed, and sent at once (before the autosave's pause): what is on screen is saved, then submitted.
  await field(page, "Topic").fill("Nephrology");
  await page.keyboard.press("Control+Enter");
  await expect(page).toHaveURL(new RegExp(`/seeds/${id}$`));
  await expect(page.getByText("Submitted", { exact: true })).toBeVisible();
  await expect(page.getByText(/hyperkalaemia treatment with ECG changes/).first()).toBeVisible();
});

test("a task sent back and resubmitted, unchanged or changed, comes back to its reviewer marked with the request and what changed; bulk approval asks again", async ({
  browser,
}) => {
  // Two round trips through author and reviewer in three browser contexts: ~20 s idle, near the default 45 s
  // on a busy machine.
  test.setTimeout(120_000);
  const marker = `resubmit${Date.now().toString(36)}`;
  const author = await as(browser, AUTHOR);
  const id = await writeAndSubmit(author, `Manage ${marker} acute kidney injury after contrast.`);
  const reviewer = await as(browser, REVIEWER);
  await sendBack(reviewer, marker, "Give the creatinine values in the input.");

  // Resubmitted unchanged, from the task page.
  await author.goto(`/seeds/${id}`);
  await author.getByRole("button", { name: "Submit for review" }).click();
  await expect(author.getByText("Submitted", { exact: true })).toBeVisible();

  await reviewer.goto(`/review?q=${marker}`);
  const resubmitted = reviewer.getByRole("region", { name: "Resubmitted" });
  await expect(resubmitted).toContainText("Give the creatinine values in the input.");
  await expect(resubmitted).toContainText(`${REVIEWER.name} asked for changes`);
  await expect(resubmitted).toContainText("Nothing changed since the request.");
  await sendBack(reviewer, marker, "Still no creatinine values.");

  // Changed this time.
  await author.goto(`/seeds/${id}/edit`);
  await changeAndSave(author, () => field(author, "Input").fill("Creatinine 88 then 210 µmol/L at 48 h."));
  await author.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(author).toHaveURL(new RegExp(`/seeds/${id}$`));

  // The task's page lists each decision so far, with who and the reason.
  const decisions = author.getByRole("list", { name: "Review decisions" }).getByRole("listitem");
  await expect(decisions).toHaveCount(5);
  await expect(decisions.nth(1)).toContainText("Sent back for changes");
  await expect(decisions.nth(1)).toContainText(`by ${REVIEWER.name}`);
  await expect(decisions.nth(1)).toContainText("Give the creatinine values in the input.");
  await expect(decisions.nth(4)).toContainText("Submitted for review");

  await reviewer.goto(`/review?q=${marker}`);
  await expect(resubmitted).toContainText("Still no creatinine values.");
  await expect(resubmitted).not.toContainText("Nothing changed");
  await expect(resubmitted.getByRole("insertion")).toContainText("Creatinine 88 then 210");

  // An admin approving in bulk sees it apart from a fresh task, and must confirm it a second time.
  const fresh = await writeAndSubmit(author, `Manage ${marker} hyponatraemia in a marathon runner.`);
  const admin = await as(browser, ADMIN);
  await admin.goto(`/seeds?q=${marker}&status=SUBMITTED`);
  for (const text of ["acute kidney injury", "hyponatraemia"]) {
    await admin.getByRole("checkbox", { name: new RegExp(`^Select: Manage ${marker} ${text}`) }).check();
  }
  await admin
    .getByRole("region", { name: "Bulk actions" })
    .getByRole("button", { name: "Approve selected" })
    .click();
  const first = admin.getByRole("dialog", { name: "Approve 2 tasks?" });
  await expect(first.getByRole("list", { name: "Resubmitted after a request" })).toContainText(
    "acute kidney injury",
  );
  await first.getByRole("button", { name: "Approve 2 tasks" }).click();

  const again = admin.getByRole("dialog", { name: "Approve 1 resubmitted task too?" });
  await expect(again).toContainText("Still no creatinine values.");
  await expect(again).toContainText("Changed since the request");
  await again.getByRole("button", { name: "Leave it out" }).click();
  const result = admin.getByRole("dialog", { name: "Review result" });
  // Left out as chosen, not sent and "Refused" (it said so before, with "Confirm it on its own").
  await expect(result).toContainText("1 done, 0 refused, 1 left out as you chose.");
  const leftOut = result.getByRole("listitem").filter({ hasText: "acute kidney injury" });
  await expect(leftOut).toContainText("Left out");
  await expect(leftOut).toContainText("waits in the queue for a review of its own");
  await expect(result.getByText("Refused", { exact: true })).toHaveCount(0);
  await result.getByRole("button", { name: "Close", exact: true }).first().click();

  await admin.reload();
  await admin.getByRole("checkbox", { name: new RegExp(`^Select: Manage ${marker} acute`) }).check();
  await admin
    .getByRole("region", { name: "Bulk actions" })
    .getByRole("button", { name: "Approve selected" })
    .click();
  await admin
    .getByRole("dialog", { name: "Approve 1 task?" })
    .getByRole("button", { name: "Approve 1 task" })
    .click();
  await admin
    .getByRole("dialog", { name: "Approve 1 resubmitted task too?" })
    .getByRole("button", { name: "Approve it too" })
    .click();
  await expect(admin.getByRole("dialog", { name: "Review result" })).toContainText("1 done, 0 refused.");
  await admin.goto(`/seeds/${fresh}`);
  await expect(admin.getByText("Approved", { exact: true })).toBeVisible();
  await admin.goto(`/seeds/${id}`);
  await expect(admin.getByText("Approved", { exact: true })).toBeVisible();
});

test("`a` approves with a short undo in the toast, and the toast leaves the user menu free", async ({
  browser,
}) => {
  const marker = `undo${Date.now().toString(36)}`;
  const author = await as(browser, AUTHOR);
  const id = await writeAndSubmit(author, `Explain ${marker} the anion gap in diabetic ketoacidosis.`);

  const reviewer = await as(browser, REVIEWER);
  await reviewer.goto(`/review?q=${marker}`);
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  await reviewer.keyboard.press("a");
  const toast = reviewer.locator("[data-sonner-toast]").filter({ hasText: "Approved" });
  await expect(toast).toBeVisible();
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();

  // The toast sits below the header: the user menu stays visible and clickable. The toast slides in from
  // above (a CSS transition), so on a busy machine its first frames still cross the header: wait for it to
  // come to rest, then check where it rests.
  const menu = reviewer.getByRole("button", { name: "User menu" });
  const restingBox = async () => {
    const first = await toast.boundingBox();
    await reviewer.waitForTimeout(100); // two samples apart: a box that has not moved has come to rest
    const second = await toast.boundingBox();
    return first && second && first.y === second.y && first.x === second.x ? second : null;
  };
  const rest: { box: Awaited<ReturnType<typeof restingBox>> } = { box: null };
  await expect
    .poll(
      async () => {
        rest.box = await restingBox();
        return rest.box !== null;
      },
      { message: "the toast comes to rest" },
    )
    .toBe(true);
  const [t, m] = [rest.box, await menu.boundingBox()];
  if (!t || !m) throw new Error("toast or menu not laid out");
  const overlap = t.x < m.x + m.width && m.x < t.x + t.width && t.y < m.y + m.height && m.y < t.y + t.height;
  expect(overlap).toBe(false);
  await menu.click({ trial: true });

  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(reviewer.locator("[data-sonner-toast]").filter({ hasText: "Approval undone" })).toBeVisible();
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  await author.goto(`/seeds/${id}`);
  await expect(author.getByText("Submitted", { exact: true })).toBeVisible();

  // Approved again, the queue empty: `u` still takes the last approval back (no task panel is there to hear it).
  await reviewer.keyboard.press("a");
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();
  await expect(toast).toBeVisible();
  await reviewer.keyboard.press("u");
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  // Its toast, its Undo spent, gives way to "Approval undone" (it stayed, offering Undo again, for the whole
  // UNDO_OFFER_MS from the approval: gone in half of it, it did not just run out).
  // (the first undo's toast may still be there too)
  await expect(
    reviewer.locator("[data-sonner-toast]").filter({ hasText: "Approval undone" }),
  ).not.toHaveCount(0);
  await expect(toast).toHaveCount(0, { timeout: UNDO_OFFER_MS / 2 });
  await author.reload();
  await expect(author.getByText("Submitted", { exact: true })).toBeVisible();

  // Approved once more, and left: it stays approved.
  await reviewer.keyboard.press("a");
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();
  await author.reload();
  await expect(author.getByText("Approved", { exact: true })).toBeVisible();

  const admin = await as(browser, ADMIN);
  await admin.goto(`/admin/audit?target=${id}`);
  const actions = (await admin.locator("tbody tr td:nth-child(3)").allTextContents()).reverse();
  expect(actions.filter((a) => a.startsWith("seed.") && a !== "seed.edit")).toEqual([
    "seed.create",
    "seed.submit",
    "seed.approve",
    "seed.approve.undo",
    "seed.approve",
    "seed.approve.undo",
    "seed.approve",
  ]);
});

test("an author submits three of their drafts in one confirmed action; an incomplete one is refused and named", async ({
  page,
}) => {
  const marker = `bulksubmit${Date.now().toString(36)}`;
  await signIn(page, AUTHOR);
  const complete = [
    `${marker} one: dose gentamicin by weight and kidney function.`,
    `${marker} two: recognise vancomycin nephrotoxicity early.`,
  ];
  for (const text of complete) await writeDraft(page, text);
  const half = `${marker} three: half-written, no tags yet.`;
  await page.goto("/seeds/new");
  await changeAndSave(page, () => field(page, "Instruction").fill(half));

  await page.goto(`/seeds?q=${marker}`);
  for (const text of [...complete, half]) {
    await page.getByRole("checkbox", { name: `Select: ${text.slice(0, 60)}`, exact: true }).check();
  }
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toContainText("3 selected");
  await expect(bar.getByRole("button", { name: "Approve selected" })).toHaveCount(0);
  await bar.getByRole("button", { name: "Submit selected" }).click();
  const dialog = page.getByRole("dialog", { name: "Submit 3 tasks for review?" });
  await dialog.getByRole("button", { name: "Submit 3 tasks" }).click();

  const result = page.getByRole("dialog", { name: "Submit result" });
  await expect(result).toContainText("2 done, 1 refused.");
  await expect(result.getByRole("listitem").filter({ hasText: "half-written" })).toContainText(
    "Complete the task before submitting it",
  );
  await result.getByRole("button", { name: "Close", exact: true }).first().click();
  for (const text of complete) {
    await expect(page.getByRole("row").filter({ hasText: text.slice(0, 40) })).toContainText("Submitted");
  }
  await expect(page.getByRole("row").filter({ hasText: "half-written" })).toContainText("Draft");

  // The leftover draft is archived the same way.
  await page.getByRole("checkbox", { name: `Select: ${half.slice(0, 60)}`, exact: true }).check();
  await page
    .getByRole("region", { name: "Bulk actions" })
    .getByRole("button", { name: "Archive selected" })
    .click();
  await page
    .getByRole("dialog", { name: "Archive 1 task?" })
    .getByRole("button", { name: "Archive 1 task" })
    .click();
  await expect(page.getByRole("dialog", { name: "Archive result" })).toContainText("1 done, 0 refused.");
});
