import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const saved = (page: Page) =>
  expect(page.locator("[data-save-status]")).toHaveAttribute("data-save-status", "saved");

const OFFERED = /Unsaved text from .* was kept in this browser/;

/** Types into a field with the connection down (kept in the browser), closes the tab, opens `url` again online. */
async function keptOfflineThenReopen(
  page: Page,
  context: BrowserContext,
  url: string,
  label: string,
  text: string,
): Promise<Page> {
  await context.setOffline(true);
  await field(page, label).fill(text);
  await expect(page.getByText("Offline: kept in this browser")).toBeVisible();
  await page.close();
  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByText(OFFERED)).toBeVisible();
  return again;
}

async function writeTask(page: Page, instruction: string) {
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(instruction);
  await field(page, "Input").fill(
    "A 24-year-old woman reports blurred vision in one eye and tingling in both legs for a week.",
  );
  await field(page, "Reference output").fill(
    "Multiple sclerosis is an immune-mediated demyelinating disease of the CNS…",
  );
  await field(page, "Topic").fill("Neurology");
  await field(page, "View").fill("Medical student");
  await field(page, "Task type").selectOption("Open Q&A");
  await page.getByLabel("Difficulty 3").check();
  await changeAndSave(page, () => field(page, "Note").fill("Classic presentation; keep the vignette short."));
  await expect(page).toHaveURL(/\/seeds\/[^/]+\/edit$/);
}

test("a clinician writes a task with every field; it autosaves and survives a reload", async ({ page }) => {
  await signIn(page, AUTHOR);
  const instruction =
    "Explain the pathophysiology of multiple sclerosis and how it explains this patient's symptoms.";
  await writeTask(page, instruction);
  await page.reload();
  await expect(field(page, "Instruction")).toHaveValue(instruction);
  await expect(field(page, "Note")).toHaveValue("Classic presentation; keep the vignette short.");
  await expect(page.getByLabel("Difficulty 3")).toBeChecked();
  await expect(page.getByRole("region", { name: "Prompt preview" })).toContainText("1. Type: Open Q&A");
  await expect(page.getByRole("region", { name: "Prompt preview" })).toContainText("Difficulty: 3");
});

test("typing an instruction that duplicates an existing one shows the warning with its score", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await writeTask(page, "List the red-flag symptoms of back pain that need urgent imaging in adults.");
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(
    "List the red-flag symptoms of back pain that need urgent imaging in older adults.",
  );
  const similar = page.getByRole("region", { name: "Most similar existing tasks" });
  const warning = /Near-duplicate: ROUGE-L 0\.\d\d \(above 0\.7\)/;
  await expect(similar.getByText(warning)).toBeVisible();
  await expect(similar.getByRole("listitem").first()).toContainText(
    "List the red-flag symptoms of back pain",
  );
  // On a phone the list sits under the whole form, two screens down: the warning also shows under the
  // instruction, between it and the input.
  await page.setViewportSize({ width: 390, height: 844 });
  const near = page.locator("form").getByText(warning);
  await expect(near).toBeVisible();
  const [above, box, below] = [
    await field(page, "Instruction").boundingBox(),
    await near.boundingBox(),
    await field(page, "Input").boundingBox(),
  ];
  if (!above || !box || !below) throw new Error("not laid out");
  expect(box.y).toBeGreaterThan(above.y);
  expect(box.y).toBeLessThan(below.y);
});

test("a task is found through search and filters, and its history shows each saved change", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  const marker = `xanthochromia${Date.now().toString(36)}`;
  await writeTask(
    page,
    `Interpret a lumbar puncture report showing ${marker} in suspected subarachnoid haemorrhage.`,
  );
  await changeAndSave(page, () => field(page, "Topic").fill("Emergency medicine"));

  await page.goto(`/seeds?q=${marker}`);
  await expect(page.getByRole("link", { name: new RegExp(marker) })).toBeVisible();
  // A choice not applied yet says so (a select reading "Emergency medicine" over an unfiltered list misled).
  const unapplied = page.getByText("Changed: apply to see them in the list.");
  await expect(unapplied).toHaveCount(0);
  await page.getByLabel("Topic").selectOption("Emergency medicine");
  await expect(unapplied).toBeVisible();
  await page.getByLabel("Topic").selectOption("");
  await expect(unapplied).toHaveCount(0);
  await page.getByLabel("Topic").selectOption("Emergency medicine");
  await page.getByLabel("Difficulty").selectOption("3");
  await expect(unapplied).toBeVisible();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/topic=Emergency\+medicine/);
  await expect(unapplied).toHaveCount(0);
  // Only what was chosen is in the URL: no empty "view=" or "status=".
  expect([...new URL(page.url()).searchParams.values()].filter((v) => v === "")).toEqual([]);
  await expect(page.getByRole("link", { name: new RegExp(marker) })).toBeVisible();

  await page.getByRole("link", { name: new RegExp(marker) }).click();
  const history = page.getByRole("list", { name: "Revisions" });
  await expect(history.getByText(/^v1$/)).toBeVisible();
  await expect(history.getByText(/^v2$/)).toBeVisible();
  await expect(page.getByRole("region", { name: /Changes from version \d+ to \d+/ })).toContainText(
    "Emergency medicine",
  );
});

test("one task edited ten times in the editor: every change is saved and listed in its history", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await writeTask(page, `Explain the ${Date.now().toString(36)} staging of chronic kidney disease by eGFR.`);
  const versions: number[] = [];
  for (let i = 1; i <= 10; i++) {
    versions.push(await changeAndSave(page, () => field(page, "Note").fill(`Revision note ${i}`)));
  }
  // Each save made exactly one new version, in order.
  expect(versions.slice(1).every((v, i) => v === (versions[i] as number) + 1)).toBe(true);
  await page.reload();
  await expect(field(page, "Note")).toHaveValue("Revision note 10");

  await page.goto(page.url().replace(/\/edit$/, ""));
  const history = page.getByRole("list", { name: "Revisions" });
  const last = versions.at(-1) as number;
  for (let v = 1; v <= last; v++) await expect(history.getByText(new RegExp(`^v${v}$`))).toBeVisible();
  await expect(history.getByRole("listitem")).toHaveCount(last);
});

test("a change left by a link inside the app within the autosave's pause is saved on the way out", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await writeTask(page, `Explain the red flags of headache to a triage nurse (${Date.now().toString(36)}).`);
  const id = page.url().split("/").at(-2);
  // Typed, then left at once by the main navigation (no reload, no unload: the editor just unmounts).
  await field(page, "Note").fill("Written just before leaving");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Seeds/ })
    .click();
  await expect(page).toHaveURL(/\/seeds(\?.*)?$/);
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/v1/seeds/${id}`)).json()) as { data: { note: string } }).data
          .note,
      {
        message: "the change reaches the server",
      },
    )
    .toBe("Written just before leaving");
  // The list, not the editor: the save on the way out does not take the page back.
  await expect(page).toHaveURL(/\/seeds(\?.*)?$/);
});

test("a task typed without its instruction says why nothing is saved, and saves once it has one", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  await field(page, "Input").fill(
    "A 70-year-old man with new confusion and a urine dipstick positive for nitrites.",
  );
  const status = page.locator("[data-save-status]");
  await expect(status).toHaveAttribute("data-save-status", "needs-instruction");
  await expect(status).toHaveText(/Not saved: write the instruction first/);
  await field(page, "Instruction").fill(
    "Discuss whether this man's confusion is delirium, and its likely cause.",
  );
  await saved(page);
  await expect(page).toHaveURL(/\/seeds\/[^/]+\/edit$/);
});

test("an approval given while the author's editor is open, taken back by their next save, is said so", async ({
  browser,
}) => {
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  await writeTask(author, `Teach a patient to use a spacer with an inhaler (${Date.now().toString(36)}).`);
  const id = author.url().split("/").at(-2) ?? "";
  const version = Number(await author.locator("[data-save-status]").getAttribute("data-version"));
  expect((await author.request.post(`/api/v1/seeds/${id}/submit`, { data: { version } })).status()).toBe(200);
  await author.reload();
  await expect(author.getByText("This task is approved")).toHaveCount(0);

  // A reviewer approves the version on screen meanwhile.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, REVIEWER);
  const approved = await reviewer.request.post(`/api/v1/seeds/${id}/review`, {
    data: { version, action: "approve" },
  });
  expect(approved.status()).toBe(200);

  // The author's next change is saved (the approval was for the version they edited) and sends it back.
  await changeAndSave(author, () => field(author, "Note").fill("Added the rinse after steroid inhalers"));
  const withdrawn = author
    .getByRole("alert")
    .filter({ hasText: "Your change sent this task back to review" });
  await expect(withdrawn).toBeVisible();
  await expect(withdrawn).toContainText(`version ${version + 1} now waits for a reviewer`);

  // Approved again, the editor opened on it says beforehand what a save will do (the edit page's note).
  const again = await reviewer.request.post(`/api/v1/seeds/${id}/review`, {
    data: { version: version + 1, action: "approve" },
  });
  expect(again.status()).toBe(200);
  await author.reload();
  await expect(author.getByRole("status").filter({ hasText: "This task is approved" })).toContainText(
    "goes back to review",
  );
});

test("a draft given up is discarded from its editor: archived after asking, and gone from the drafts", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  const marker = `discard${Date.now().toString(36)}`;
  await writeTask(page, `Wh (${marker})`);
  const id = page.url().split("/").at(-2);
  await page.getByRole("button", { name: "Discard draft" }).click();
  const ask = page.getByRole("dialog", { name: "Discard this draft?" });
  await expect(ask).toContainText("kept on record with its history");
  await ask.getByRole("button", { name: "Discard draft" }).click();
  await expect(page).toHaveURL(/\/seeds(\?.*)?$/);
  const seed = (await (await page.request.get(`/api/v1/seeds/${id}`)).json()) as { data: { status: string } };
  expect(seed.data.status).toBe("ARCHIVED");
  await page.goto(`/seeds?status=DRAFT&q=${marker}`);
  await expect(page.getByRole("link", { name: new RegExp(marker) })).toHaveCount(0);
});

test("two sessions edit the same task: the second save is refused and its text kept", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  // The second session reads in Tokyo (UTC+9, no summer time): the refusal gives the time in its zone.
  const b = await (await browser.newContext({ timezoneId: "Asia/Tokyo", locale: "en-GB" })).newPage();
  await signIn(a, AUTHOR);
  await signIn(b, AUTHOR);
  await writeTask(a, "Counsel a patient starting warfarin about diet and drug interactions.");
  const url = a.url();
  await b.goto(url);

  await changeAndSave(a, () => field(a, "Note").fill("Edited in session A"));
  await field(b, "Note").fill("Edited in session B");
  await expect(b.getByText("A newer version of this task was saved first")).toBeVisible();
  // The same author in another session: told it was their own other tab, not "someone else".
  await expect(
    b.getByText(/You saved this task in another tab or window .*Nothing was overwritten/),
  ).toBeVisible();
  await expect(field(b, "Note")).toHaveValue("Edited in session B");
  const refusal = (await b.getByText(/You saved this task in another tab or window/).textContent()) ?? "";
  expect(refusal).not.toContain("UTC");
  const shown = /\((\d{1,2} \w{3} \d{4}, \d{2}:\d{2}), now version/.exec(refusal)?.[1];
  // The minute shown is Tokyo's, the save's UTC minute plus nine hours (give or take the minute it turned).
  const tokyo = new Date(`${shown?.replace(",", "")} UTC`).getTime() - 9 * 3600_000;
  expect(Math.abs(tokyo - Date.now())).toBeLessThan(5 * 60_000);

  await a.reload();
  await expect(field(a, "Note")).toHaveValue("Edited in session A");
});

test("restoring the refused session's text keeps what the other saved to another field", async ({
  browser,
}) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signIn(a, AUTHOR);
  await signIn(b, AUTHOR);
  await writeTask(
    a,
    "Explain how to start a patient on a DOAC after a first episode of atrial fibrillation.",
  );
  await b.goto(a.url());

  await changeAndSave(a, () =>
    field(a, "Reference output").fill("Saved in session A: check renal function."),
  );
  await field(b, "Note").fill("Typed in session B");
  await expect(b.getByText("A newer version of this task was saved first")).toBeVisible();
  await b.getByRole("link", { name: "Reload the saved version (yours stays offered)" }).click();
  await expect(b.getByText(OFFERED)).toBeVisible();
  await expect(field(b, "Reference output")).toHaveValue("Saved in session A: check renal function.");
  await b.getByRole("button", { name: "Restore it" }).click();
  // B's change comes back; A's, to another field, stays (restoring put back B's whole stale form).
  await expect(field(b, "Note")).toHaveValue("Typed in session B");
  await expect(field(b, "Reference output")).toHaveValue("Saved in session A: check renal function.");
  await saved(b);
  await a.reload();
  await expect(field(a, "Note")).toHaveValue("Typed in session B");
  await expect(field(a, "Reference output")).toHaveValue("Saved in session A: check renal function.");
});

test("a kept copy on offer survives typing on without choosing: it is offered again after a reload", async ({
  page,
  context,
}) => {
  await signIn(page, AUTHOR);
  await writeTask(page, "Outline the first hour of managing diabetic ketoacidosis in an adult.");
  const again = await keptOfflineThenReopen(
    page,
    context,
    page.url(),
    "Note",
    "Typed while offline, never saved",
  );
  // The offer ignored: another field is edited and saved.
  await changeAndSave(again, () => field(again, "Topic").fill("Endocrinology"));
  await again.reload();
  await expect(again.getByText(OFFERED)).toBeVisible();
  await again.getByRole("button", { name: "Restore it" }).click();
  await expect(field(again, "Note")).toHaveValue("Typed while offline, never saved");
  await expect(field(again, "Topic")).toHaveValue("Endocrinology");
  await saved(again);
  await again.reload();
  await expect(again.getByText(OFFERED)).toHaveCount(0);
  await expect(field(again, "Note")).toHaveValue("Typed while offline, never saved");
});

test("text typed while the connection is down is kept in the browser and offered back", async ({
  page,
  context,
}) => {
  await signIn(page, AUTHOR);
  await writeTask(page, "Describe the stepwise management of acute asthma in the emergency department.");
  const again = await keptOfflineThenReopen(page, context, page.url(), "Note", "Typed while offline");
  await again.getByRole("button", { name: "Restore it" }).click();
  await expect(field(again, "Note")).toHaveValue("Typed while offline");
  await saved(again);
});

test("a new task's kept copy, discarded once the task is saved, is not offered again", async ({
  page,
  context,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  const again = await keptOfflineThenReopen(
    page,
    context,
    "/seeds/new",
    "Instruction",
    `Typed offline into a new task ${Date.now().toString(36)}`,
  );
  // Written anew instead: the first save gives the task its id; then the offer is discarded.
  await field(again, "Instruction").fill("Explain the CURB-65 score and how it guides admission.");
  await expect(again).toHaveURL(/\/seeds\/[^/]+\/edit$/);
  await again.getByRole("button", { name: "Discard it" }).click();
  await expect(again.getByText(OFFERED)).toHaveCount(0);
  // Gone from the browser, so the next new task offers nothing (Discard removed the saved task's slot instead).
  expect(
    await again.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("medseed:seed-draft-offer:")),
    ),
  ).toEqual([]);
});

test("HTML in a field is shown as text, never run", async ({ page }) => {
  await signIn(page, AUTHOR);
  let dialog = false;
  page.on("dialog", () => {
    dialog = true;
  });
  await writeTask(page, 'Explain <img src=x onerror="alert(1)"> <script>alert(2)</script> sepsis bundles.');
  await page.goto(page.url().replace(/\/edit$/, ""));
  await expect(page.getByText("<script>alert(2)</script>", { exact: false }).first()).toBeVisible();
  expect(dialog).toBe(false);
});
