import { expect, test } from "@playwright/test";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { ADMIN, REVIEWER } from "./fixtures/accounts";
import { signIn, signOut } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";

// Quality of generated data (issue 17) in the browser: a reviewer rates a job's records with an LLM rater
// (the local OpenAI-compatible server), filters to those rated below 3, excludes them in one action, and the
// release built afterwards holds none of them; two reviewers grade one spot check blind and see their kappa.

test.describe.configure({ mode: "serial" });

const TARGET = 16;
const marker = `rt${Date.now().toString(36)}`;
const TOPIC = `Rating e2e ${marker}`;
const SEEDS = [
  ["Open Q&A", "Explain how loop diuretics act on the nephron in heart failure."],
  ["Summarization", "Summarize the discharge letter below for the patient's general practitioner."],
  ["Classification", "Classify these rashes by their most likely cause."],
  ["Rewrite", "Rewrite this inhaler technique leaflet for a child and their parents."],
] as const;

let fake: FakeServer;
let job: { id: string; number: number };

test.beforeAll(async () => {
  fake = await startFakeOpenAIServer({ latencyMs: 10, seed: 71 });
});
test.afterAll(async () => {
  await fake?.close();
});

test("a reviewer rates a job, excludes what is rated below 3 in one action, and the release holds none of it", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);
  // Set-up through the product: approved seeds imported, exported, a generation job started by API.
  await importApproved(
    page,
    `${marker}.json`,
    SEEDS.map(([type, instruction], i) => ({
      topic: TOPIC,
      view: i % 2 ? "Patient" : "Nurse",
      type,
      instruction: `${instruction} (${marker})`,
      input: "<noinput>",
      difficulty: String(i + 1),
    })),
  );
  const exp = await page.request.post("/api/v1/exports", {
    data: { format: "alpacare", filter: { topic: TOPIC } },
  });
  expect(exp.status()).toBe(201);
  const started = await page.request.post("/api/v1/generation/jobs", {
    data: {
      exportId: (await exp.json()).data.id,
      settings: {
        provider: { kind: "openai-compatible", baseUrl: fake.baseUrl },
        taskModel: "fake-gpt-4",
        responseModel: "fake-gpt-3.5-turbo",
        target: TARGET,
        rngSeed: 9,
      },
    },
  });
  expect(started.status()).toBe(201);
  job = (await started.json()).data;
  await expect
    .poll(
      async () => (await (await page.request.get(`/api/v1/generation/jobs/${job.id}`)).json()).data.state,
      {
        timeout: 120_000,
      },
    )
    .toBe("COMPLETED");
  await signOut(page);

  // 1. The reviewer rates the job's records: estimate first, then the run, with live progress.
  await signIn(page, REVIEWER);
  await page.goto(`/datasets/jobs/${job.id}`);
  const rating = page.getByRole("region", { name: "Quality rating" });
  await expect(rating).toContainText("No record is rated yet");
  await rating.getByLabel("Base URL").fill(fake.baseUrl);
  await rating.getByLabel("Rater model").fill("fake-rater");
  await rating.getByRole("button", { name: "Estimate the cost" }).click();
  await expect(rating).toContainText(`${TARGET} records, 0 already rated`);
  await rating.getByRole("button", { name: "Rate the records" }).click();
  await expect(rating).toContainText(`${TARGET} of ${TARGET} rated`, { timeout: 120_000 });
  await expect(rating.getByText("Ratings by task type")).toBeVisible();
  // A next rating starts from this one's rater, after a reload too (the form forgot the base URL each time).
  await page.reload();
  await expect(rating.getByLabel("Base URL")).toHaveValue(fake.baseUrl);
  await expect(rating.getByLabel("Rater model")).toHaveValue("fake-rater");

  // 2. The records rated below 3, in a URL that keeps the filter.
  await rating.getByRole("link", { name: "Browse the records rated below 3" }).click();
  await expect(page).toHaveURL(/ratingBelow=3/);
  await expect(page.getByLabel("Rated below")).toHaveValue("3");
  const count = Number((await page.getByText(/^\d+ records?$/).textContent())?.match(/\d+/)?.[0]);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(TARGET);
  const low = (await page.locator("tbody tr td:nth-child(2) p:first-child").allTextContents()).map((t) =>
    t.trim(),
  );
  expect(low).toHaveLength(count);
  for (const score of await page.locator("tbody tr td:nth-child(5) span.font-mono").allTextContents())
    expect(Number(score)).toBeLessThan(3);

  // A record shows its rating, the rater's rationale and raw answer, and its signals.
  await page.locator("tbody tr").first().getByRole("link").first().click();
  const quality = page.getByRole("region", { name: "Quality" });
  await expect(quality).toContainText(/Rated [12](\.5)? of 5 by fake-rater \(rubric v\d+\)/);
  await expect(quality).toContainText("ROUGE-L to the instruction");

  // 3. Excluded in one action, after a preview of the losses per type and difficulty.
  await page.goto(`/datasets/jobs/${job.id}`);
  await page.getByLabel("Exclude every record rated below").fill("3");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Lost per task type")).toBeVisible();
  await page.getByRole("button", { name: `Exclude ${count} records` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${count} records excluded.` })).toBeVisible();
  await expect(page.getByRole("list", { name: "Earlier exclusions by rating" })).toContainText(
    `Rated below 3: ${count} records`,
  );
  await signOut(page);

  // 4. The release built afterwards holds none of them.
  await signIn(page, ADMIN);
  const created = await page.request.post("/api/v1/datasets/releases", {
    data: { name: `Rated ${marker}`, jobIds: [job.id], minRating: 3 },
  });
  expect(created.status()).toBe(201);
  const releaseId = (await created.json()).data.id as string;
  await expect
    .poll(
      async () =>
        (await (await page.request.get(`/api/v1/datasets/releases/${releaseId}`)).json()).data.state,
      {
        timeout: 60_000,
      },
    )
    .toBe("READY");
  const download = await page.request.get(`/api/v1/datasets/releases/${releaseId}/download?format=jsonl`);
  expect(download.status()).toBe(200);
  const released = (await download.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).instruction as string);
  expect(released.length).toBeGreaterThan(0);
  for (const instruction of low) expect(released).not.toContain(instruction);
  // Its page says what the minimum rating left out (those below 3 were excluded already, and counted so).
  await page.goto(`/datasets/releases/${releaseId}`);
  await expect(page.getByText(/^minimum rating 3: \d+ rated below it or unrated left out$/)).toBeVisible();
  await signOut(page);
});

test("two reviewers grade one spot check blind, then see their kappa", async ({ page }) => {
  test.setTimeout(180_000);
  const grade = async (keys: string[]) => {
    for (const [i, key] of keys.entries()) {
      await expect(page.getByRole("heading", { name: new RegExp(`^Record ${i + 1} of `) })).toBeVisible();
      await page.keyboard.press(key);
      if (i < keys.length - 1)
        await expect(page.getByRole("heading", { name: new RegExp(`^Record ${i + 2} of `) })).toBeVisible();
    }
    // The last key taken (the page says so once nothing is left to grade), then every grade saved, one after
    // another in the background, before the page is left: checking "Saving…" before the last key's render
    // found nothing to wait for, and the reload dropped that grade.
    await expect(page.getByText("Every record of the sample is graded.")).toBeVisible();
    await expect(page.getByText(/^Saving \d+ grades?…/)).toHaveCount(0, { timeout: 30_000 });
  };

  await signIn(page, REVIEWER);
  await page.goto(`/datasets/jobs/${job.id}`);
  await page.getByLabel("Margin of error (95% interval)").selectOption("0.3");
  await page.getByLabel("Double grading (two reviewers, blind)").check();
  const draw = page.getByRole("button", { name: /^Draw \d+ records to grade$/ });
  const sample = Number((await draw.textContent())?.match(/\d+/)?.[0]);
  await draw.click();
  await expect(page).toHaveURL(/\/spot-check/);
  const first = Array.from({ length: sample }, (_, i) => (i % 3 === 0 ? "2" : "1"));
  await grade(first);
  await page.reload();
  const double = page.getByRole("region", { name: "Double grading" });
  await expect(double).toContainText(`${sample} of ${sample}`);
  await expect(double).toContainText("Blind until two reviewers have graded every record.");
  await signOut(page);

  // The second reviewer sees none of the first one's grades.
  await signIn(page, ADMIN);
  await page.goto(`/datasets/jobs/${job.id}/spot-check`);
  await expect(page.getByRole("heading", { name: new RegExp(`^Record 1 of ${sample}`) })).toBeVisible();
  await expect(page.getByRole("region", { name: "Double grading" })).toContainText("Blind until");
  const second = Array.from({ length: sample }, (_, i) => (i % 4 === 0 ? "2" : "1"));
  await grade(second);
  // No reload: the agreement panels come up to date once the last grade is saved (they stayed as first drawn).
  await expect(page.getByRole("region", { name: "Double grading" })).toContainText("Cohen's kappa");
  const kappa = Number(await page.getByTestId("kappa").textContent());
  expect(kappa).toBeGreaterThanOrEqual(-1);
  expect(kappa).toBeLessThanOrEqual(1);
  const disagreements = first.filter((g, i) => g !== second[i]).length;
  await expect(page.getByRole("heading", { name: `Disagreements (${disagreements})` })).toBeVisible();
});

test("a rating paused at its budget goes on once the budget is raised on its page", async ({ page }) => {
  // Up to three runs to their pause or end, each allowed 120 s on a busy machine.
  test.setTimeout(420_000);
  const model = `fake-rater-priced-${marker}`;
  await signIn(page, ADMIN);
  // A priced rater (the fake models cost nothing), through the price table's page.
  await page.goto("/generation/settings");
  const prices = page.getByLabel("Price table JSON");
  const table = JSON.parse(await prices.inputValue()) as Record<string, unknown>;
  await prices.fill(JSON.stringify({ ...table, [model]: { input: 1000, output: 1000 } }, null, 2));
  await page.getByRole("button", { name: "Save prices" }).click();
  await expect(page.getByText("Price table saved")).toBeVisible();

  await page.goto(`/datasets/jobs/${job.id}`);
  const rating = page.getByRole("region", { name: "Quality rating" });
  await rating.getByLabel("Base URL").fill(fake.baseUrl);
  await rating.getByLabel("Rater model").fill(model);
  await rating.getByLabel("Budget in US$ (optional)").fill("0.01");
  await rating.getByRole("button", { name: "Estimate the cost" }).click();
  await rating.getByRole("button", { name: "Rate the records" }).click();
  const run = page
    .getByRole("list", { name: "Rating runs" })
    .getByRole("listitem")
    .filter({ hasText: model });
  await expect(run).toContainText("paused", { timeout: 120_000 });
  await expect(run).toContainText(/budget of \$0\.01 is reached/);
  // The page offers a raised budget; one not above what is spent cannot be sent.
  const budget = run.getByLabel("Budget ($)");
  const first = await budget.inputValue();
  expect(Number(first)).toBeGreaterThan(0.01);
  await budget.fill("0.01");
  await expect(run.getByRole("button", { name: /resume/i })).toBeDisabled();
  await budget.fill(first);
  // Raised twice by what the page offers: each time it goes on, and paused at the new budget the field
  // offers a budget above the new spend again (not the one just used).
  const spent = async () => Number((await run.textContent())?.match(/\$([\d.]+) spent/)?.[1]);
  for (let round = 0; round < 2; round++) {
    const offered = Number(await budget.inputValue());
    expect(offered).toBeGreaterThan(await spent());
    await run.getByRole("button", { name: "Raise budget and resume" }).click();
    await expect(run).toContainText(`budget $${offered}`);
    await expect(run.getByText(/^(paused|completed)$/)).toBeVisible({ timeout: 120_000 });
    if (await run.getByText("completed", { exact: true }).count()) break;
    await expect(run).toContainText(/budget of \$[\d.]+ is reached/);
  }
  if (!(await run.getByText("completed", { exact: true }).count())) {
    await budget.fill("1000");
    await run.getByRole("button", { name: "Raise budget and resume" }).click();
    await expect(run).toContainText("budget $1000");
    await expect(run).toContainText("completed", { timeout: 120_000 });
  }
  // The progress line itself (the whole item's text runs the budget's digits into the count).
  await expect(run.getByText(/^\d+ of \d+ rated/)).toHaveText(/^(\d+) of \1 rated/);
});
