import { type Browser, expect, type Page, test } from "@playwright/test";
import { type Account, ADMIN, AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function as(browser: Browser, account: Account) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account);
  return page;
}

test("author submits, reviewer sends back with a reason, author fixes and resubmits, reviewer approves by keyboard; the audit log shows it all in order", async ({
  browser,
}) => {
  const marker = `pheochromocytoma${Date.now().toString(36)}`;
  const author = await as(browser, AUTHOR);
  await author.goto("/seeds/new");
  await field(author, "Instruction").fill(
    `Outline the work-up of suspected ${marker} in a hypertensive adult.`,
  );
  await field(author, "Topic").fill("Endocrinology");
  await field(author, "View").fill("Resident");
  await field(author, "Task type").selectOption("Multiple-hop reasoning");
  await author.getByLabel("Difficulty 4").check();
  await author.keyboard.press("Control+Enter");
  await expect(author).toHaveURL(/\/seeds\/(?!new$)[^/]+$/); // the task page, not /seeds/new
  const taskUrl = author.url();
  const taskId = taskUrl.split("/").pop() as string;
  await expect(author.getByText("Submitted", { exact: true })).toBeVisible();

  // The reviewer works from the queue with the keyboard.
  const reviewer = await as(browser, REVIEWER);
  await reviewer.goto(`/review?q=${marker}`);
  await expect(reviewer.getByText(new RegExp(`work-up of suspected ${marker}`)).first()).toBeVisible();
  await reviewer.keyboard.press("c");
  await expect(reviewer.getByRole("dialog", { name: "Request changes" })).toBeVisible();
  await reviewer.keyboard.type("Put the plasma metanephrine result in the input.");
  await reviewer.keyboard.press("Control+Enter");
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();

  // The author sees the reason, replies, edits and resubmits.
  await author.goto("/");
  await expect(author.getByRole("link", { name: /Seeds.*sent back for changes/ })).toBeVisible();
  await author.goto(taskUrl);
  await expect(author.getByText("Put the plasma metanephrine result in the input.").first()).toBeVisible();
  await author.getByLabel("Reply").fill("Done: added the lab values.");
  await author.getByRole("button", { name: "Post reply" }).click();
  await expect(author.getByText("Done: added the lab values.")).toBeVisible();
  await author.getByRole("link", { name: "Edit" }).click();
  await changeAndSave(author, () =>
    field(author, "Input").fill(
      "Plasma free metanephrines 4x the upper limit of normal; BP 190/110 during episodes.",
    ),
  );
  await author.getByRole("button", { name: "Submit for review" }).click();
  await expect(author).toHaveURL(taskUrl);
  await expect(author.getByText("Submitted", { exact: true })).toBeVisible();

  await reviewer.goto(`/review?q=${marker}`);
  await expect(reviewer.getByText(/Plasma free metanephrines/).first()).toBeVisible();
  await reviewer.keyboard.press("?");
  await expect(reviewer.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await reviewer.keyboard.press("Escape");
  await reviewer.keyboard.press("a");
  await expect(reviewer.getByText("Nothing waits for your review")).toBeVisible();
  await author.reload();
  await expect(author.getByText("Approved", { exact: true }).first()).toBeVisible();

  // The admin reads the trail, newest first.
  const admin = await as(browser, ADMIN);
  await admin.goto(`/admin/audit?target=${taskId}`);
  const actions = await admin.locator("tbody tr td:nth-child(3)").allTextContents();
  const trail = actions.reverse().filter((a) => a.startsWith("seed."));
  expect(trail[0]).toBe("seed.create");
  expect(trail.filter((a) => a !== "seed.edit")).toEqual([
    "seed.create",
    "seed.submit",
    "seed.request_changes",
    "seed.comment",
    "seed.submit",
    "seed.approve",
  ]);
  expect(trail.indexOf("seed.edit")).toBeGreaterThan(trail.indexOf("seed.comment"));
});
