import { type Browser, expect, type Page, test } from "@playwright/test";
import { type Account, AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

// The author's and reviewer's daily loop, where only a browser shows it: the editor's heading, the length
// cap, the request beside the form, focus kept in view and visible, and the queue's keys.

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function as(browser: Browser, account: Account) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account);
  return page;
}

async function writeAndSubmit(page: Page, instruction: string): Promise<string> {
  await page.goto("/seeds/new");
  await field(page, "Instruction").fill(instruction);
  await field(page, "Topic").fill("Haematology");
  await field(page, "View").fill("Resident");
  await field(page, "Task type").selectOption("Open Q&A");
  await changeAndSave(page, () => page.getByLabel("Difficulty 2").check());
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  await expect(page).toHaveURL(/\/seeds\/[^/]+$/);
  return page.url().split("/").at(-1) as string;
}

test("the heading and the title follow the first autosave from 'New seed task' to 'Edit seed task'", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New seed task");
  await changeAndSave(page, () =>
    field(page, "Instruction").fill("Explain the difference between iron deficiency and thalassaemia trait."),
  );
  await expect(page).toHaveURL(/\/seeds\/[^/]+\/edit$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit seed task");
  await expect(page).toHaveTitle(/^Edit seed task/);
});

test("a 2 MB paste is cut at the field's limit at once, and the counter warns before the limit", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  const instruction = field(page, "Instruction");
  await instruction.focus();
  await page.keyboard.insertText("a".repeat(1_900));
  const counter = page.locator("#seed-instruction-count");
  await expect(counter).toContainText("100 left");
  await expect(counter).toHaveAttribute("data-level", "near");

  await instruction.fill("");
  await instruction.focus();
  await page.keyboard.insertText("Explain anaemia. ".repeat(125_000)); // about 2 MB
  await expect.poll(() => instruction.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(2_000);
  await expect(counter).toContainText("2,000 / 2,000");
  await expect(counter).toHaveAttribute("data-level", "full");
  await expect(page.getByText(/Too long/)).toHaveCount(0);
});

test("a paste cut at the limit says how much of it was left out, until the next edit", async ({
  browser,
}) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  const instruction = field(page, "Instruction");
  await instruction.fill("Explain anaemia. ");
  // A real paste through the clipboard (typed text would not be a paste): 17 typed + 2,500 pasted, 2,000 kept.
  await page.evaluate((text) => navigator.clipboard.writeText(text), "x".repeat(2_500));
  await instruction.focus();
  await page.keyboard.press("End");
  await page.keyboard.press("ControlOrMeta+V");
  await expect.poll(() => instruction.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(2_000);
  const notice = page.getByRole("status").filter({ hasText: "Your paste was cut at the limit" });
  await expect(notice).toContainText("its last 517 characters were left out");
  await page.keyboard.press("Backspace");
  await expect(notice).toHaveCount(0);
  await context.close();
});

test("an author fixing a sent-back task sees the reviewer's request and the thread beside the form", async ({
  browser,
}) => {
  const marker = `beside${Date.now().toString(36)}`;
  const author = await as(browser, AUTHOR);
  const id = await writeAndSubmit(author, `Work up ${marker} a low platelet count in pregnancy.`);
  const reviewer = await as(browser, REVIEWER);
  await reviewer.goto(`/review?q=${marker}`);
  await reviewer.keyboard.press("c");
  await reviewer.keyboard.type("Say which trimester; HELLP changes the answer.");
  await reviewer.keyboard.press("Control+Enter");
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();

  await author.goto(`/seeds/${id}/edit`);
  const request = author.getByRole("region", { name: "Changes requested" });
  await expect(request).toContainText("Say which trimester; HELLP changes the answer.");
  await expect(request).toContainText(REVIEWER.name as string);
  await author.getByLabel("Reply").fill("Third trimester now; HELLP in the differential.");
  await author.getByRole("button", { name: "Post reply" }).click();
  await expect(author.getByRole("region", { name: "Discussion" })).toContainText("Third trimester now");
  // Ctrl+Enter in the reply box posts the reply; it does not resubmit the task (the editor's own Ctrl+Enter).
  await author.getByLabel("Reply").fill("Should I add the platelet threshold too?");
  await author.getByLabel("Reply").press("Control+Enter");
  await expect(author.getByRole("region", { name: "Discussion" })).toContainText(
    "Should I add the platelet threshold too?",
  );
  await expect(author.getByLabel("Reply")).toHaveValue("");
  await author.reload();
  await expect(author.getByRole("region", { name: "Changes requested" })).toBeVisible();
  await expect(author.getByRole("region", { name: "Discussion" })).toContainText(
    "Should I add the platelet threshold too?",
  );
  // The request sits beside the form on a wide screen, not below it.
  const [form, aside] = [await field(author, "Instruction").boundingBox(), await request.boundingBox()];
  expect(aside && form ? aside.x > form.x + form.width : false).toBe(true);
});

test("a difficulty picked with the arrow keys stays above the sticky save bar, with a clearly visible focus ring", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  const four = page.getByLabel("Difficulty 4");
  await four.focus();
  await page.keyboard.press("Space");
  // Scroll so that level 5 sits under the sticky bar, level 4 just above it.
  const bar = page.locator("form .sticky");
  await page.evaluate(() => {
    const five = document.querySelector<HTMLInputElement>('input[name="difficulty"][value="5"]');
    const bar = document.querySelector<HTMLElement>("form .sticky");
    const label = five?.closest("label");
    if (!label || !bar) throw new Error("no difficulty 5 or no bar");
    const under = label.getBoundingClientRect().bottom - (window.innerHeight - 8);
    window.scrollBy(0, under);
  });
  await page.keyboard.press("ArrowDown");
  const five = page.getByLabel("Difficulty 5");
  await expect(five).toBeChecked();
  await expect(five).toBeFocused();
  await expect
    .poll(async () => {
      const [label, top] = [
        await page.locator("label").filter({ has: five }).boundingBox(),
        await bar.boundingBox(),
      ];
      return label && top ? label.y + label.height <= top.y : false;
    })
    .toBe(true);

  // Keyboard focus is an opaque ring of at least 2 px (not the ring colour at half opacity, not a 1 px
  // outline): on the radio, a select and a button. Polled: the primitives animate their ring in.
  const ringOnFocused = (selector: string) =>
    page.evaluate((s) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el?.matches(s)) return `focus is on ${el?.tagName}, not ${s}`;
      const opaque = (color: string) => {
        const alpha = color.match(/\/\s*([\d.]+)\)$/)?.[1] ?? color.match(/^rgba\([^)]*,\s*([\d.]+)\)$/)?.[1];
        return alpha === undefined || Number(alpha) >= 0.99;
      };
      const style = getComputedStyle(el);
      const outline =
        style.outlineStyle === "solid" &&
        Number.parseFloat(style.outlineWidth) >= 2 &&
        opaque(style.outlineColor);
      const ring = [...style.boxShadow.matchAll(/([a-z]+\([^)]*\)) 0px 0px 0px (\d+(?:\.\d+)?)px/g)].some(
        (m) => Number(m[2]) >= 2 && opaque(m[1] as string),
      );
      return outline || ring
        ? "solid"
        : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} | ${style.boxShadow}`;
    }, selector);
  await expect.poll(() => ringOnFocused('input[type="radio"]')).toBe("solid");
  await page.keyboard.press("Shift+Tab");
  await expect(field(page, "Task type")).toBeFocused();
  await expect.poll(() => ringOnFocused("select")).toBe("solid");
  await page.getByRole("button", { name: "Save draft" }).focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect.poll(() => ringOnFocused("button")).toBe("solid");
});

test("after the shortcuts dialog closes, the first `j` moves on; single-key shortcuts can be switched off", async ({
  browser,
}) => {
  const marker = `keys${Date.now().toString(36)}`;
  const author = await as(browser, AUTHOR);
  for (const n of ["first", "second"]) await writeAndSubmit(author, `Interpret ${marker} ${n} blood film.`);
  const reviewer = await as(browser, REVIEWER);
  await reviewer.goto(`/review?q=${marker}`);
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 2" })).toBeVisible();
  await reviewer.keyboard.press("?");
  await expect(reviewer.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await reviewer.keyboard.press("Escape");
  await expect(reviewer.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
  await reviewer.keyboard.press("j");
  await expect(reviewer.getByRole("heading", { name: "Task 2 of 2" })).toBeVisible();

  // Also after closing it with the mouse.
  await reviewer.getByRole("button", { name: "Shortcuts (?)" }).click();
  await reviewer
    .getByRole("dialog", { name: "Keyboard shortcuts" })
    .getByRole("button", { name: "Close" })
    .click();
  await reviewer.keyboard.press("k");
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 2" })).toBeVisible();

  // Switched off (WCAG 2.1.4), a stray `a` approves nothing; the choice is kept.
  await reviewer.getByRole("checkbox", { name: "Single-key shortcuts" }).uncheck();
  await reviewer.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // keys reach the page
  await reviewer.keyboard.press("a");
  await reviewer.keyboard.press("j");
  await reviewer.reload();
  await expect(reviewer.getByRole("checkbox", { name: "Single-key shortcuts" })).not.toBeChecked();
  await expect(reviewer.getByRole("heading", { name: "Task 1 of 2" })).toBeVisible();
  await expect(reviewer.getByText("2 waiting", { exact: true })).toBeVisible();
  await reviewer.getByRole("checkbox", { name: "Single-key shortcuts" }).check();
});
