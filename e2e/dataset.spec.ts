import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { ADMIN } from "./fixtures/accounts";
import { mainNav, signIn } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";

// The generated dataset as a reviewer-admin works it, in the browser: a completed job (made by the app's own
// worker against a local OpenAI-compatible server), its records filtered, one opened with its seeds and
// excluded, a spot check graded with the keyboard, then the dataset published and downloaded.

test.describe.configure({ mode: "serial" });

const TARGET = 30;
const marker = `ds${Date.now().toString(36)}`;
const TOPIC = `Dataset e2e ${marker}`;
const SEEDS = [
  ["Open Q&A", "Explain how beta blockers lower blood pressure in hypertensive adults."],
  ["Summarization", "Summarize the operative note below for the ward nurse taking over care."],
  ["Classification", "Classify these adverse drug reactions by their likely mechanism."],
  ["Rewrite", "Rewrite this asthma action plan in plain words for a teenage patient."],
  ["Chat", "Reply to a patient asking whether they can drink alcohol while taking metronidazole."],
] as const;

let fake: FakeServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAIServer({ latencyMs: 20, seed: 31 });
});
test.afterAll(async () => {
  await fake?.close();
});

test("a completed job's records are filtered, opened, curated, spot-checked by keyboard, published and downloaded", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);

  // Set-up through the product itself: approved seeds imported, an export of them, a job started by API.
  await importApproved(
    page,
    `${marker}.json`,
    SEEDS.map(([type, instruction], i) => ({
      topic: TOPIC,
      view: i % 2 ? "Patient" : "Nurse",
      type,
      instruction: `${instruction} (${marker})`,
      input: "<noinput>",
      difficulty: String((i % 5) + 1),
    })),
  );
  const exp = await page.request.post("/api/v1/exports", {
    data: { format: "alpacare", filter: { topic: TOPIC } },
  });
  expect(exp.status()).toBe(201);
  const exportId = (await exp.json()).data.id as string;
  // The export downloads through the real server as the bytes its SHA-256 names.
  const seedFile = await page.request.get(`/api/v1/exports/${exportId}/download`);
  expect(
    createHash("sha256")
      .update(await seedFile.body())
      .digest("hex"),
  ).toBe(seedFile.headers()["x-content-sha256"]);
  expect(JSON.parse((await seedFile.body()).toString("utf8"))).toHaveLength(SEEDS.length);
  const started = await page.request.post("/api/v1/generation/jobs", {
    data: {
      exportId,
      settings: {
        provider: { kind: "openai-compatible", baseUrl: fake.baseUrl },
        taskModel: "fake-gpt-4",
        responseModel: "fake-gpt-3.5-turbo",
        target: TARGET,
        rngSeed: 5,
      },
    },
  });
  expect(started.status()).toBe(201);
  const job = (await started.json()).data as { id: string; number: number };
  await expect
    .poll(
      async () => (await (await page.request.get(`/api/v1/generation/jobs/${job.id}`)).json()).data.state,
      {
        timeout: 90_000,
      },
    )
    .toBe("COMPLETED");

  // 1. Datasets lists the job; its records, filtered by type, in the URL.
  await mainNav(page).getByText("Datasets").click();
  const row = page.getByRole("row").filter({ hasText: `Job #${job.number}` });
  await expect(row).toContainText(String(TARGET));
  await row.getByRole("link", { name: "Records" }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/records\\?job=${job.id}`));
  await expect(page.getByText(`${TARGET} records`)).toBeVisible();
  const typeSelect = page.getByLabel("Task type");
  const type = (await typeSelect.locator("option").nth(1).getAttribute("value")) ?? "";
  await typeSelect.selectOption(type);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`type=${encodeURIComponent(type).replace(/%20/g, "(\\+|%20)")}`));
  const table = page.getByRole("table");
  const rows = table.getByRole("row");
  const shown = (await rows.count()) - 1;
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(TARGET);
  for (const cell of await table.locator("tbody tr td:nth-child(3)").allTextContents())
    expect(cell).toContain(type);

  // A page number past the end, and a reversed range: each said as such, with the way back.
  const filtered = page.url();
  await page.goto(`/datasets/records?job=${job.id}&page=99`);
  await expect(page.getByRole("heading", { name: "Page 99 is past the end" })).toBeVisible();
  await page.getByRole("link", { name: /^Go to page \d+$/ }).click();
  await expect(page.getByRole("table").getByRole("row").nth(1)).toBeVisible();
  await page.goto(`/datasets/records?job=${job.id}&rougeMin=0.9&rougeMax=0.1`);
  await expect(page.getByText("The ROUGE-L range is reversed: at least 0.9 and at most 0.1.")).toBeVisible();
  await page.goto(filtered);

  // 2. A record, with the three seeds it came from; one of them opens as a seed task.
  const instruction = (
    (await rows.nth(1).locator("td").nth(1).locator("p").first().textContent()) ?? ""
  ).trim();
  expect(instruction).not.toBe("");
  expect(shown, "the filtered list holds two records or more, to step from one to the next").toBeGreaterThan(
    1,
  );
  const secondHref = await rows.nth(2).getByRole("link").first().getAttribute("href");
  await rows.nth(1).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /^Record \d+ of job #\d+$/ })).toBeVisible();
  // Previous and Next in the list's order (its filter kept), by link and by j / k.
  await expect(page.getByText("First of the list")).toBeVisible();
  const firstUrl = page.url();
  await page.keyboard.press("j");
  await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === secondHref);
  await expect(page.getByRole("link", { name: /^Previous record/ })).toBeVisible();
  await page.keyboard.press("k");
  await expect(page).toHaveURL(firstUrl);
  const seeds = page.getByRole("region", { name: "The seeds it came from" });
  await expect(seeds.getByRole("listitem")).toHaveCount(3);
  const recordUrl = page.url();
  await seeds.getByRole("link", { name: "Open seed task" }).first().click();
  await expect(page.getByRole("heading", { name: "Seed task" })).toBeVisible();
  await expect(page.getByText(marker).first()).toBeVisible();
  // Opened from the unfiltered list (a link with an empty list query), it steps through that list too.
  await page.goto("/datasets/records");
  await page.getByRole("table").getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page.getByRole("link", { name: /^Next record/ })).toBeVisible();
  await page.goto(recordUrl);

  // 3. Excluded, with a reason; the original stays, the history says who. The record has one state chip:
  // kept before, excluded (with the reason) after, never both.
  await expect(page.getByText("kept", { exact: true })).toBeVisible();
  await page.getByLabel("Reason to exclude").fill("Recommends a dose above the licensed maximum.");
  await page.getByRole("button", { name: "Exclude record" }).click();
  await expect(page.getByText("excluded: Recommends a dose above the licensed maximum.")).toBeVisible();
  await expect(page.getByText("kept", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Include again" })).toBeVisible();
  await expect(page.getByText(/^Excluded$/)).toBeVisible();

  // 4. A spot check of the job, sized for ±25 points, graded with the keyboard alone.
  await page.goto(`/datasets/jobs/${job.id}`);
  await page.getByLabel("Margin of error (95% interval)").selectOption("0.25");
  const draw = page.getByRole("button", { name: /^Draw \d+ records to grade$/ });
  const sample = Number((await draw.textContent())?.match(/\d+/)?.[0]);
  expect(sample).toBeGreaterThanOrEqual(10);
  await draw.click();
  await expect(page).toHaveURL(/\/spot-check/);
  const estimate = page.getByRole("complementary").getByTestId("estimate");
  await expect(estimate).toContainText("nothing graded yet");
  await page.getByRole("heading", { name: `Record 1 of ${sample}` }).waitFor();
  const keys = ["1", "1", "1", "1", "1", "1", "1", "2", "3", "4"];
  for (const [i, key] of keys.entries()) {
    await expect(page.getByRole("heading", { name: `Record ${i + 1} of ${sample}` })).toBeVisible();
    await page.keyboard.press(key);
    await expect(page.getByRole("complementary")).toContainText(`${i + 1} of ${sample} graded`);
    if (i === 0) await expect(estimate).toContainText("100% acceptable");
  }
  await expect(estimate).toContainText(`70% acceptable (95% CI`);
  const interval = (await estimate.textContent())?.match(/CI (\d+)%–(\d+)%/);
  expect(Number(interval?.[1])).toBeLessThan(70);
  expect(Number(interval?.[2])).toBeGreaterThan(70);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");

  // The job's dataset page shows the estimate, per type and difficulty, and the analysis charts.
  await page.getByRole("link", { name: "← Back to the job's dataset" }).click();
  await expect(page.getByTestId("estimate").first()).toContainText("70%");
  await expect(page.getByText("By task type")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Root verbs and their objects" })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole("img", { name: /^Generated \(29\):/ })).toBeVisible();
  // Screenshots of both sunbursts for a person to look at (test-results/ is git-ignored).
  for (const [name, title] of [
    ["seeds", /^Seeds \(\d+\):/],
    ["generated", /^Generated \(29\):/],
  ] as const) {
    const figure = page.locator("figure").filter({ has: page.getByRole("img", { name: title }) });
    await figure.scrollIntoViewIfNeeded();
    await figure.screenshot({ path: `test-results/screenshots/sunburst-${name}.png` });
  }

  // 5. The admin asks for 75% acceptable before a release goes out without a reason (a setting, audited).
  await page.goto("/admin/settings");
  await page.getByLabel("Minimum share acceptable to publish (%)").fill("75");
  await page.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByText("Publishing below 75% acceptable now asks for a reason")).toBeVisible();

  // 6. The publish form shows the estimate and the record graded unsafe; below 75% it will not publish
  // without a confirmation and a reason, which the release page and its dataset card then state.
  await page.goto("/datasets/publish");
  await page.getByLabel("Name").fill(`E2E dataset ${marker}`);
  await page.getByRole("checkbox", { name: new RegExp(`Job #${job.number} `) }).check();
  await page.getByLabel("Licence (SPDX id, optional)").fill("cc-by-nc-4.0");
  const quality = page.getByRole("region", { name: "Quality" });
  await expect(quality.getByTestId("quality-estimate")).toContainText(
    /^70% acceptable \(95% CI \d+%–\d+%, 10 graded\)/,
  );
  await expect(quality.getByTestId("quality-unsafe")).toContainText("1 record still in");
  await expect(quality.getByText("below the 75% an admin set")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Give the reason for publishing below the quality threshold.")).toBeVisible();
  await expect(page).toHaveURL(/\/datasets\/publish/);
  await quality.getByRole("checkbox", { name: "Publish anyway, with a reason" }).check();
  const reason = `Pilot for the training pipeline only (${marker}).`;
  await page.getByLabel("Reason for publishing below the threshold").fill(reason);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/datasets\/releases\//);
  await expect(page.getByText(`Reason given: ${reason}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Files" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("29 records")).toBeVisible();
  await page.getByText("Dataset card (README.md of the Hugging Face folder)").click();
  await expect(page.getByText(/Spot check: 70\.0% acceptable \(95% CI/)).toBeVisible();
  await expect(page.getByText(`with this reason: ${reason}`)).toBeVisible();
  const href = await page.getByRole("link", { name: "Download JSONL" }).getAttribute("href");
  const download = await page.request.get(href ?? "");
  expect(download.status()).toBe(200);
  const body = await download.body();
  expect(createHash("sha256").update(body).digest("hex")).toBe(download.headers()["x-content-sha256"]);
  const lines = body
    .toString("utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(TARGET - 1);
  expect(lines.map((l) => l.instruction)).not.toContain(instruction);
  const zip = await page.request.get(
    (await page.getByRole("link", { name: "Download Hugging Face folder" }).getAttribute("href")) ?? "",
  );
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-type"]).toContain("application/zip");
  // The release is listed on the Datasets page.
  await page.goto("/datasets");
  await expect(page.getByRole("link", { name: new RegExp(`E2E dataset ${marker}`) })).toBeVisible();
});
