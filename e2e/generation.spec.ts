import { expect, test } from "@playwright/test";
import { PROVIDER_LABELS } from "@/lib/validation/generation";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { ADMIN, REVIEWER } from "./fixtures/accounts";
import { mainNav, signIn } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";

// Generation as an admin does it, in the browser against the production build: approved seeds in through
// the import page, an export of them, the job form (estimate, then start), the in-process worker driving the
// job against a local OpenAI-compatible server started here, then the finished job's tables and download.

test.describe.configure({ mode: "serial" });
// Far from the server's zone: times rendered on both sides would differ, and React would report it.
test.use({ timezoneId: "Pacific/Auckland" });

const TARGET = 20;
const marker = `gen${Date.now().toString(36)}`;
// A topic of this run only, so the export (and so every prompt) holds exactly these seeds.
const TOPIC = `Generation e2e ${marker}`;
const SEEDS = [
  ["Open Q&A", "Explain why loop diuretics can cause hypokalaemia in heart failure patients."],
  ["Summarization", "Summarize this discharge letter for the patient's general practitioner in three lines."],
  ["Classification", "Classify each of these rashes as viral, bacterial, fungal or allergic in origin."],
  ["Rewrite", "Rewrite the consent paragraph below so a twelve-year-old could follow it."],
  ["Text generation", "Draft a short leaflet on safe disposal of unused opioid tablets at home."],
  ["Multiple-choice Q&A", "Choose the first-line drug for uncomplicated cystitis in a non-pregnant woman."],
  ["Chat", "Answer a worried parent asking whether their toddler's febrile seizure means epilepsy."],
] as const;
const instructions = SEEDS.map(([, instruction]) => `${instruction} (${marker})`);

let fake: FakeServer;
let jobId = "";

test.beforeAll(async () => {
  fake = await startFakeOpenAIServer({ latencyMs: 200, seed: 7 });
});

test.afterAll(async () => {
  await fake?.close();
});

test("an admin imports approved seeds, exports them and generates a dataset through a local server", async ({
  page,
}) => {
  test.setTimeout(240_000); // import, export, a real job driven by the app's worker, on a busy 2-core box
  const reactErrors: string[] = [];
  const isReactError = (text: string) => /Minified React error #\d+|Hydration|hydrat/i.test(text);
  page.on("pageerror", (e) => reactErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && isReactError(m.text())) reactErrors.push(m.text());
  });
  await signIn(page, ADMIN);

  // 1. Approved seeds in, through the import page.
  const file = SEEDS.map(([type, instruction], i) => ({
    topic: TOPIC,
    view: "Medical student",
    type,
    instruction: `${instruction} (${marker})`,
    input: i % 2 ? "A 67-year-old woman on furosemide 40 mg daily; potassium 3.1 mmol/L." : "<noinput>",
    difficulty: String((i % 5) + 1),
  }));
  await importApproved(page, `${marker}.json`, file);

  // 2. An export of exactly those seeds, then "Start generation" from it.
  await page.goto("/exports");
  await page.getByLabel("Topic").selectOption(TOPIC);
  await page.getByRole("button", { name: "Create export" }).click();
  await expect(page).toHaveURL(/\/exports\/[^/?]+$/, { timeout: 30_000 });
  const exportId = new URL(page.url()).pathname.split("/").pop() ?? "";
  await expect(page.getByRole("heading", { name: /^Export #\d+$/ })).toBeVisible();
  await expect(page.getByText(`${SEEDS.length} seeds`)).toBeVisible();
  await page.getByRole("link", { name: "Start generation" }).click();
  await expect(page).toHaveURL(new RegExp(`/generation/new\\?export=${exportId}$`));
  await expect(page.getByLabel("Seed export", { exact: true })).toHaveValue(exportId);

  // 3. The form: a local OpenAI-compatible server, small target, fixed random seed.
  await page
    .getByLabel("Provider", { exact: true })
    .selectOption({ label: PROVIDER_LABELS["openai-compatible"] });
  await page.getByLabel("Base URL (required)", { exact: true }).fill(fake.baseUrl);
  await page.getByLabel("Task model", { exact: true }).fill("fake-gpt-4");
  await page.getByLabel("Response model", { exact: true }).fill("fake-gpt-3.5-turbo");
  await page.getByLabel("Tasks to keep", { exact: true }).fill(String(TARGET));
  await page.getByText("Decoding, filters, limits").click();
  await page.getByLabel("Random seed", { exact: true }).fill("42");

  // The dry run shows the exact first prompt: seed blocks, "###"-separated, from this export.
  await page.getByRole("button", { name: "Estimate cost and show the first prompt" }).click();
  const estimate = page.getByRole("region", { name: /^Estimate \(dry run/ });
  await expect(estimate).toBeVisible({ timeout: 30_000 });
  await expect(estimate).toContainText("###");
  await expect(estimate).toContainText(`Topic: ${TOPIC}`);
  const prompt = (await estimate.textContent()) ?? "";
  const shown = instructions.filter((i) => prompt.includes(i));
  expect(shown.length, "the first prompt shows 3 of the exported seeds").toBe(3);
  expect(fake.stats.requests, "an estimate sends nothing").toBe(0);
  // A setting changed after it clears it (its cost and warnings were for the old settings); asked again, it is back.
  await page.getByLabel("Max tokens per response", { exact: true }).fill("301");
  await expect(estimate).toHaveCount(0);
  await page.getByRole("button", { name: "Estimate cost and show the first prompt" }).click();
  await expect(estimate).toContainText("###", { timeout: 30_000 });
  // The budget alone does not change what the estimate says (only its over-budget warning): it stays.
  await page.getByLabel("Budget (USD)", { exact: true }).fill("0.01");
  await page.getByLabel("Budget (USD)", { exact: true }).fill("");
  await expect(estimate).toContainText("###");

  // 4. Start: the app's own worker drives the job to the end.
  // The first calls answer slowly, so the job is surely still running when Pause is pressed.
  fake.setOptions({ latencyMs: 5_000 });
  await page.getByRole("button", { name: "Start job" }).click();
  await expect(page).toHaveURL(/\/generation\/(?!new)[^/?]+$/, { timeout: 30_000 });
  jobId = new URL(page.url()).pathname.split("/").pop() ?? "";
  await expect(page.getByRole("heading", { name: /^Generation job #\d+$/ })).toBeVisible();

  // Paused while its first calls are out, then resumed: they finish and are kept, and the job goes on.
  await expect.poll(() => fake.stats.taskRequests, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("paused", { exact: true })).toBeVisible();
  fake.setOptions({ latencyMs: 200 });
  // Resumed while the paused worker still waits for those calls: the worker drives the job again once they
  // are in, rather than leaving it to the queue's sweep.
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(page.getByText("completed", { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText(`${TARGET} / ${TARGET}`, { exact: true })).toBeVisible();
  await expect(page.getByText(`${TARGET} with a response`)).toBeVisible();
  // The fake server's models have no price: the cost says so, and no longer "so far".
  await expect(
    page.getByText(/no price for this model in Generation > Settings: counted as free/),
  ).toBeVisible();
  await expect(page.getByText("Cost so far")).toHaveCount(0);
  expect(fake.stats.taskRequests).toBeGreaterThan(0);
  expect(fake.stats.responseRequests).toBeGreaterThanOrEqual(TARGET);
  const models = new Set(fake.requests.map((r) => r.body?.model));
  expect([...models].sort()).toEqual(["fake-gpt-3.5-turbo", "fake-gpt-4"]);

  // The log shows the pause and the resume, in the viewer's time zone once reloaded.
  await page.reload();
  await page.getByText(/^Log \(\d+\)$/).click();
  await expect(page.getByText("Paused by a user.")).toBeVisible();
  await expect(page.getByText("Resumed by a user.")).toBeVisible();
  expect(reactErrors, "no React (hydration) errors on the job page").toEqual([]);

  // The kept tasks, each with its response.
  const tasks = page.getByRole("region", { name: "Tasks", exact: true });
  await expect(tasks.getByRole("link", { name: `Kept (${TARGET})` })).toHaveAttribute("aria-current", "page");
  await expect(tasks.getByRole("row")).toHaveCount(TARGET + 1);
  await expect(tasks.getByText("waiting for the response model…")).toHaveCount(0);

  // The discarded tab keeps its view in the URL; the fake server repeats itself, so there is something there.
  const discardedLink = tasks.getByRole("link", { name: /^Discarded \(\d+\)$/ });
  const discarded = Number((await discardedLink.textContent())?.match(/\((\d+)\)/)?.[1]);
  await discardedLink.click();
  await expect(page).toHaveURL(/[?&]view=discarded/);
  await expect(tasks.getByRole("link", { name: /^Discarded \(/ })).toHaveAttribute("aria-current", "page");
  if (discarded > 0) {
    await expect(tasks.getByRole("columnheader", { name: "Reason" })).toBeVisible();
    await expect(tasks.getByRole("row")).toHaveCount(Math.min(discarded, 50) + 1);
  } else {
    await expect(tasks.getByText("Nothing discarded here.")).toBeVisible();
  }

  // The dataset: Alpaca JSON, one record per kept task.
  const href = await page
    .getByRole("link", { name: "Download as generated (Alpaca JSON)" })
    .getAttribute("href");
  expect(href).toBeTruthy();
  const download = await page.request.get(href ?? "");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toContain("application/json");
  const records = (await download.json()) as { instruction: string; input: string; output: string }[];
  expect(records).toHaveLength(TARGET);
  for (const r of records) {
    expect(Object.keys(r).sort()).toEqual(["input", "instruction", "output"]);
    expect(r.instruction.trim()).not.toBe("");
    expect(r.output.trim()).not.toBe("");
  }

  // "New job with these settings": the form comes filled with this job's settings (a job's own cannot change).
  await page.goto(`/generation/${jobId}`);
  await page.getByRole("link", { name: "New job with these settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/generation/new\\?from=${jobId}$`));
  await expect(page.getByText(/^The settings of job #\d+: change what needs changing/)).toBeVisible();
  await expect(page.getByLabel("Provider", { exact: true })).toHaveValue("openai-compatible");
  await expect(page.getByLabel("Base URL (required)", { exact: true })).toHaveValue(fake.baseUrl);
  await expect(page.getByLabel("Task model", { exact: true })).toHaveValue("fake-gpt-4");
  await expect(page.getByLabel("Response model", { exact: true })).toHaveValue("fake-gpt-3.5-turbo");
  await expect(page.getByLabel("Tasks to keep", { exact: true })).toHaveValue(String(TARGET));
  await expect(page.getByLabel("Random seed", { exact: true })).toHaveValue("42");
  await expect(page.getByLabel("Max tokens per response", { exact: true })).toHaveValue("301");
  // The key a compatible server's worker reads is the one named (it said OPENAI_API_KEY / ANTHROPIC_API_KEY).
  await expect(page.getByLabel("API key", { exact: true })).toContainText("MEDSEED_LLM_API_KEY");

  // The job is listed on the Generation page as completed.
  await mainNav(page).getByText("Generation").click();
  await expect(page).toHaveURL(/\/generation$/);
  const row = page.getByRole("row").filter({ has: page.locator(`a[href="/generation/${jobId}"]`) });
  await expect(row).toContainText("completed");
  await expect(row).toContainText(`${TARGET} / ${TARGET} kept · ${TARGET} answered`);

  // The settings page (prompt history with times) renders too; loaded afresh, so it hydrates.
  await expect(page.getByRole("link", { name: "Prompts, prices and keys" })).toHaveAttribute(
    "href",
    "/generation/settings",
  );
  await page.goto("/generation/settings");
  await expect(page.getByRole("heading", { name: "Generation settings" })).toBeVisible();
  await expect(page.getByText(/^Task-generation prompt/)).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(reactErrors, "no React (hydration) errors on the settings page").toEqual([]);
});

test("a reviewer gets no Generation link and a 403 from the generation API", async ({ page }) => {
  await signIn(page, REVIEWER);
  await expect(mainNav(page).filter({ hasText: "Generation" })).toHaveCount(0);
  const list = await page.request.get("/api/v1/generation/jobs");
  expect(list.status()).toBe(403);
  expect((await list.json()).error.code).toBe("FORBIDDEN");
  if (jobId) {
    expect((await page.request.get(`/api/v1/generation/jobs/${jobId}/dataset?format=alpaca`)).status()).toBe(
      403,
    );
  }
});
