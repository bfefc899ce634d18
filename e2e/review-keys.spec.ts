import { expect, type Page, test } from "@playwright/test";
import { AUTHOR, REVIEWER } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";

// The review queue's keys right after the `?` dialog closes: the first `j` moves on (it used to be eaten
// while the dialog was still closing), and `k` comes back.

/** A task made and submitted through the API by the signed-in author of `page`. */
async function submitted(page: Page, instruction: string, topic: string): Promise<void> {
  const made = await page.request.post("/api/v1/seeds", {
    data: { instruction, topic, view: "Resident", taskType: "Open Q&A", difficulty: 3 },
  });
  expect(made.status()).toBe(201);
  const { data } = (await made.json()) as { data: { id: string; version: number } };
  const sent = await page.request.post(`/api/v1/seeds/${data.id}/submit`, {
    data: { version: data.version },
  });
  expect(sent.status()).toBe(200);
}

test("the first j after closing the ? dialog goes to the next task", async ({ browser }) => {
  const marker = `keys${Date.now().toString(36)}`;
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  for (const n of [1, 2, 3])
    await submitted(
      author,
      `Describe the stepwise management of hyperkalaemia, case ${n} (${marker}).`,
      "Nephrology",
    );

  const page = await (await browser.newContext()).newPage();
  await signIn(page, REVIEWER);
  await page.goto(`/review?q=${marker}`);
  await expect(page.getByText("Task 1 of 3")).toBeVisible();
  for (let round = 0; round < 3; round++) {
    await page.keyboard.press("?");
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await page.keyboard.press("Escape");
    if (round < 2) {
      await page.keyboard.press("j");
      await expect(page.getByText(`Task ${round + 2} of 3`)).toBeVisible();
    } else {
      await page.keyboard.press("k");
      await expect(page.getByText("Task 2 of 3")).toBeVisible();
    }
  }
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a task that nearly repeats an approved one is said to be a near-duplicate above it, not only in a badge", async ({
  browser,
}) => {
  const marker = `dup${Date.now().toString(36)}`;
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  for (const n of [1, 2])
    await submitted(
      author,
      `Explain the first-line management of an acute STEMI in the emergency department (${marker})${n === 2 ? " today" : ""}.`,
      "Cardiology",
    );

  const page = await (await browser.newContext()).newPage();
  await signIn(page, REVIEWER);
  await page.goto(`/review?q=${marker}`);
  await expect(page.getByRole("heading", { name: "Task 1 of 2" })).toBeVisible();
  // The other is only submitted: said as a stored task.
  await expect(page.getByTestId("review-near-duplicate")).toContainText("Near-duplicate of a stored task");
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  // The one left nearly repeats the task just approved.
  const note = page.getByTestId("review-near-duplicate");
  await expect(note).toContainText(/Near-duplicate of an approved task: ROUGE-L 0\.\d\d \(above 0\.7\)/);
  await expect(note.getByRole("link", { name: "approved task" })).toHaveAttribute("href", /\/seeds\//);
});

test("a reply being written stays with its task: not carried to the next one, offered again on coming back", async ({
  browser,
}) => {
  const marker = `reply${Date.now().toString(36)}`;
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  for (const n of [1, 2])
    await submitted(
      author,
      `Outline the work-up of new-onset atrial fibrillation, case ${n} (${marker}).`,
      "Cardiology",
    );

  const page = await (await browser.newContext()).newPage();
  await signIn(page, REVIEWER);
  await page.goto(`/review?q=${marker}`);
  await expect(page.getByText("Task 1 of 2")).toBeVisible();
  const first =
    (await page
      .getByText(/case \d \(reply/)
      .first()
      .textContent()) ?? "";
  const reply = page.getByLabel("Reply", { exact: true });
  await reply.fill("Question meant for this task only");
  await page.getByRole("heading", { name: "Task 1 of 2" }).click(); // out of the box, so `j` is a key again
  await page.keyboard.press("j");
  await expect(page.getByText("Task 2 of 2")).toBeVisible();
  await expect(reply).toHaveValue("");
  await page.keyboard.press("k");
  await expect(page.getByText("Task 1 of 2")).toBeVisible();
  await expect(reply).toHaveValue("Question meant for this task only");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByText("Question meant for this task only").first()).toBeVisible();
  await expect(reply).toHaveValue("");

  // Posted on the task it was written on, and only there.
  const seeds = (await (await author.request.get(`/api/v1/seeds?q=${marker}`)).json()) as {
    data: { id: string; instruction: string }[];
  };
  const holds = async (id: string) =>
    (await (await page.request.get(`/seeds/${id}`)).text()).includes("Question meant for this task only");
  expect(seeds.data).toHaveLength(2);
  for (const s of seeds.data) expect(await holds(s.id)).toBe(first.includes(s.instruction));
});

test("a send-back refused because the task changed keeps its reason, also for the task's new version", async ({
  browser,
}) => {
  const marker = `stale${Date.now().toString(36)}`;
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  await submitted(author, `Explain the staging of pressure injuries to a new nurse (${marker}).`, "Nursing");
  const [seed] = (
    (await (await author.request.get(`/api/v1/seeds?q=${marker}`)).json()) as {
      data: { id: string; version: number }[];
    }
  ).data;
  if (!seed) throw new Error("the task was not made");

  const page = await (await browser.newContext()).newPage();
  await signIn(page, REVIEWER);
  await page.goto(`/review?q=${marker}`);
  await expect(page.getByText("Task 1 of 1")).toBeVisible();
  await page.keyboard.press("c");
  const reason = page.getByLabel("Reason", { exact: true });
  const why = "Stage 3 and 4 need the depth criteria; add the unstageable category with an example.";
  await reason.fill(why);

  // Meanwhile the author changes the task.
  const edited = await author.request.patch(`/api/v1/seeds/${seed.id}`, {
    data: { version: seed.version, note: "changed while under review" },
  });
  expect(edited.status()).toBe(200);

  await reason.press("Control+Enter");
  const dialog = page.getByRole("dialog", { name: "Request changes" });
  await expect(dialog.getByText(/changed since you opened it/)).toBeVisible();
  await expect(reason).toHaveValue(why);
  // Closed, the queue shows the new version; the reason is offered again for it.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/version 2/)).toBeVisible();
  await page.keyboard.press("c");
  await expect(reason).toHaveValue(why);
  await reason.press("Control+Enter");
  await expect(page.getByText("Nothing waits for your review")).toBeVisible();
});

test("`u` after moving on shows the task whose approval it took back, where it stands in the queue", async ({
  browser,
}) => {
  const marker = `undo${Date.now().toString(36)}`;
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  for (const n of [1, 2, 3])
    await submitted(
      author,
      `Explain the causes of hyponatraemia in older adults, case ${n} (${marker}).`,
      "Renal",
    );

  const page = await (await browser.newContext()).newPage();
  await signIn(page, REVIEWER);
  // The task on screen, by its instruction field (the similar tasks beside it name the others too).
  const shown = page
    .locator("dt", { hasText: /^Instruction$/ })
    .first()
    .locator("xpath=following-sibling::dd[1]");
  await page.goto(`/review?q=${marker}`);
  await expect(page.getByText("Task 1 of 3")).toBeVisible();
  await expect(shown).toContainText(`case 1 (${marker})`);
  await page.keyboard.press("a");
  await expect(page.getByText("Task 1 of 2")).toBeVisible();
  await page.keyboard.press("j");
  await expect(page.getByText("Task 2 of 2")).toBeVisible();
  await expect(shown).toContainText(`case 3 (${marker})`);
  await page.keyboard.press("u");
  // Case 1 is back first in the queue, and on screen (case 2 was, at the position the reviewer had reached).
  await expect(page.getByText("Task 1 of 3")).toBeVisible();
  await expect(shown).toContainText(`case 1 (${marker})`);
  // The keys go by position again from there.
  await page.keyboard.press("j");
  await expect(page.getByText("Task 2 of 3")).toBeVisible();
  await expect(shown).toContainText(`case 2 (${marker})`);
});

test("the decision buttons stay in view while a long task is read, and scroll away with its card", async ({
  browser,
}) => {
  const marker = `long${Date.now().toString(36)}`;
  const author = await (await browser.newContext()).newPage();
  await signIn(author, AUTHOR);
  const paragraph =
    "Check the airway, breathing and circulation, give oxygen to keep saturation between 94 and 98 per cent, and reassess every few minutes.";
  const made = await author.request.post("/api/v1/seeds", {
    data: {
      instruction: `Write the nursing handover for a patient after a hip replacement (${marker}).`,
      input: Array.from({ length: 8 }, () => paragraph).join("\n\n"),
      output: Array.from({ length: 12 }, () => paragraph).join("\n\n"),
      topic: "Orthopaedics",
      view: "Nurse",
      taskType: "Open Q&A",
      difficulty: 2,
    },
  });
  expect(made.status()).toBe(201);
  const { data } = (await made.json()) as { data: { id: string; version: number } };
  expect(
    (
      await author.request.post(`/api/v1/seeds/${data.id}/submit`, { data: { version: data.version } })
    ).status(),
  ).toBe(200);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, REVIEWER);
  await page.goto(`/review?q=${marker}`);
  await expect(page.getByRole("heading", { name: "Task 1 of 1" })).toBeVisible();
  const approve = page.getByRole("button", { name: "Approve", exact: true });
  // The task is taller than the window: without the sticky bar the buttons were below the fold.
  const bar = page.getByTestId("review-decision-bar");
  const fieldsBottom = await page
    .getByText("Check the airway")
    .last()
    .evaluate((e) => e.getBoundingClientRect().bottom);
  expect(fieldsBottom).toBeGreaterThan(800);
  await expect(approve).toBeInViewport();
  await expect(page.getByRole("button", { name: "Request changes" })).toBeInViewport();
  // Past the task's card the bar goes with it: it does not sit over the comments.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const discussion = page.getByRole("heading", { name: "Discussion" });
  await expect(discussion).toBeInViewport();
  const barBottom = await bar.evaluate((e) => e.getBoundingClientRect().bottom);
  const discussionTop = await discussion.evaluate((e) => e.getBoundingClientRect().top);
  expect(barBottom).toBeLessThanOrEqual(discussionTop);
  await context.close();
});
