import { expect, test } from "@playwright/test";
import { medinstructLines } from "@/tests/support/evaluation-files";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { ADMIN, AUTHOR } from "./fixtures/accounts";
import { signIn, signOut } from "./fixtures/auth";

// Evaluation as a team does it, in the browser against the production build: a clinician imports a
// MedInstruct-test file, an admin starts a run (estimate first) with the candidate and the judge served by a
// local OpenAI-compatible server started here, watches the app's worker finish it, reads the win rate by
// difficulty, opens an item, records a verdict, and sees the judge-clinician agreement appear; the clinician,
// judging blind, sees neither verdicts nor win rates, nor keys, judges an item shown as answers A and B, and
// changes the verdict after seeing the judge's (the agreement keeps the first).

test.describe.configure({ mode: "serial" });
test.use({ timezoneId: "Pacific/Auckland" });

const ITEMS = 10;
const NAME = `MedInstruct e2e ${Date.now().toString(36)}`;
let fake: FakeServer;

test.beforeAll(async () => {
  fake = await startFakeOpenAIServer({ latencyMs: 50, seed: 16 });
});
test.afterAll(async () => {
  await fake?.close();
});

test("a clinician imports a test set; an admin runs it, reads it, and judges an item", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, AUTHOR);
  await page.goto("/evaluation");
  await page.getByLabel("Test set name").fill(NAME);
  // A file with a broken line first: nothing imported, the line named, and the name and file kept for the
  // second try (React resets a form after its action: both were cleared).
  const lines = medinstructLines(ITEMS).split("\n");
  lines[1] = '{"id": "broken", "instruction": ';
  await page.getByLabel(/^File/).setInputFiles({
    name: "medinstruct-test.jsonl",
    mimeType: "application/json",
    buffer: Buffer.from(lines.join("\n")),
  });
  await page.getByRole("button", { name: "Import test set" }).click();
  await expect(page.getByText("Nothing was imported: 1 problem in the file.")).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(/^line 2\b/)).toBeVisible();
  await expect(page.getByLabel("Test set name")).toHaveValue(NAME);
  expect(await page.getByLabel(/^File/).evaluate((el) => (el as HTMLInputElement).files?.length)).toBe(1);
  await page.getByLabel(/^File/).setInputFiles({
    name: "medinstruct-test.jsonl",
    mimeType: "application/json",
    buffer: Buffer.from(medinstructLines(ITEMS)),
  });
  await page.getByRole("button", { name: "Import test set" }).click();
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`${ITEMS} items, references claude-2, gpt-4`)).toBeVisible();
  // Running evaluations is not an author's: no run form.
  await expect(page.getByRole("button", { name: "Estimate cost" })).toHaveCount(0);
  // The app's worker checks the new version for leakage; the page follows until it is stored.
  const checked = page.getByText(/Checked .+ against \d+ seeds and \d+ generated records/);
  await expect(checked).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole("button", { name: "Check again" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/evaluation");
  await page.getByRole("link", { name: NAME }).click();
  await expect(checked).toBeVisible();
  await page.getByRole("button", { name: "Check again" }).click();
  // The button gives way to the check's progress, and comes back once it is stored.
  await expect(page.getByRole("button", { name: "Check again" })).toBeVisible({ timeout: 120_000 });
  await expect(checked).toBeVisible();
  await page.getByLabel("Reference answers").selectOption("gpt-4");
  await page.getByLabel("Candidate model").fill("fake-7b");
  await page.getByLabel("Candidate URL (OpenAI-compatible)").fill(fake.baseUrl);
  await page.getByLabel("Judge model").fill("fake-judge");
  await page.getByLabel("Judge URL (empty: OpenAI)").fill(fake.baseUrl);
  await page.getByRole("button", { name: "Estimate cost" }).click();
  await expect(
    page.getByText(`${ITEMS} items: ${ITEMS} candidate and ${2 * ITEMS} judge calls at most`),
  ).toBeVisible({
    timeout: 30_000,
  });
  // The form still shows what the run will use (a form reset once showed the first reference here).
  await expect(page.getByLabel("Reference answers")).toHaveValue("gpt-4");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/evaluation\/runs\/[^/]+$/, { timeout: 30_000 });

  // The app's worker drives it; the page follows live.
  await expect(page.getByText(`${2 * ITEMS} / ${2 * ITEMS} verdicts`)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 30_000 });
  const byDifficulty = page.getByRole("figure", { name: "Win rate by difficulty" });
  for (const d of [1, 2, 3, 4, 5]) await expect(byDifficulty.getByText(`Difficulty ${d}`)).toBeVisible();
  await expect(page.getByText(/No clinician has judged an item of this run yet/)).toBeVisible();

  // Filters live in the URL.
  await page
    .getByRole("navigation", { name: "Filter items" })
    .getByRole("link", { name: "Difficulty 3" })
    .click();
  await expect(page).toHaveURL(/difficulty=3/);
  await page
    .getByRole("table", { name: "Items of the run, with the judge's verdict in each order" })
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("region", { name: "Candidate answer" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Reference answer" })).toBeVisible();
  // The admin runs evaluations (the run's table showed them the verdicts): on the item page the judge's verdicts
  // are folded away until asked for or until their own verdict is recorded.
  const judge = page.getByRole("region", { name: "Judge verdicts" });
  const firstOrder = judge.getByText(/^Reference shown first/);
  await expect(judge).toContainText("Folded away so that you can judge the answers first");
  await expect(firstOrder).toBeHidden();
  await judge.getByText(/show the judge's verdicts/).click();
  await expect(firstOrder).toBeVisible();
  await page.getByRole("button", { name: /Candidate is better/ }).click();
  await expect(page.getByText("Your verdict: candidate.")).toBeVisible();
  await expect(judge).not.toContainText("Folded away");
  await expect(firstOrder).toBeVisible();

  await page.getByRole("link", { name: "Back to the run" }).click();
  // One item is no measure: kappa waits for a second.
  await expect(
    page.getByText(
      "Cohen's kappa: not computed yet: it needs at least 2 items judged by a clinician and the judge (1 so far).",
    ),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: /Rows: clinician/ })).toBeVisible();

  // The clinician who imported it judges blind: no verdicts and no win rates until every item is judged.
  const runUrl = page.url();
  await signOut(page);
  await signIn(page, AUTHOR);
  await page.goto(runUrl);
  await expect(page.getByRole("note")).toContainText("Win rates are hidden until you have judged every item");
  await expect(page.getByRole("note")).toContainText(`${ITEMS} items are left for you`);
  await expect(page.getByRole("figure", { name: "Win rate by difficulty" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "You and the judge" })).toBeVisible();
  await expect(page.getByText(/You have not judged an item of this run yet/)).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "Items of the run, with the judge's verdict in each order" })
      .getByText("hidden until you record your verdict"),
  ).toHaveCount(ITEMS);
  // Where the run's API keys come from is for whoever runs evaluations.
  await expect(page.getByText(/API keys/)).toHaveCount(0);
  // A filter on the judge's verdicts finds none of the items not yet judged, and says why (the URL keeps it).
  await page
    .getByRole("navigation", { name: "Filter items" })
    .getByRole("link", { name: "Candidate won" })
    .click();
  await expect(page).toHaveURL(/[?&]show=candidate/);
  await expect(page.getByText(/^No item you have judged matches this filter/)).toBeVisible();
  await page
    .getByRole("navigation", { name: "Filter items" })
    .getByRole("link", { name: "All items" })
    .click();

  // An item, judged blind: the two answers as A and B, unnamed, in an order of this clinician's own.
  await page
    .getByRole("table", { name: "Items of the run, with the judge's verdict in each order" })
    .getByRole("link")
    .first()
    .click();
  const answerA = page.getByRole("region", { name: "Answer A" });
  await expect(answerA).toBeVisible();
  await expect(page.getByRole("region", { name: "Answer B" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^(Candidate|Reference) answer$/ })).toHaveCount(0);
  await expect(page.getByText(/fake-7b|gpt-4/)).toHaveCount(0);
  const textA = (await answerA.locator("p").textContent()) ?? "";
  expect(textA.length).toBeGreaterThan(0);
  await page.reload();
  await expect(answerA.locator("p")).toHaveText(textA); // the same order on a reload
  await expect(judge).toContainText("Hidden until you record your own verdict");
  await page.getByRole("button", { name: /A is better/ }).click();
  await expect(page.getByText("Your verdict: A is better.")).toBeVisible();
  // Judged: which was which, and the judge's verdicts.
  await expect(answerA.getByRole("heading")).toHaveText(/^Answer A · (Candidate: fake-7b|Reference: gpt-4)$/);
  await expect(judge).toContainText("Reference shown first");
  await expect(page.getByRole("note")).toHaveCount(0);
  // Changed after the judge's was shown: the verdict changes, the agreement keeps the first.
  await page.getByRole("button", { name: /B is better/ }).click();
  await expect(page.getByText("Your verdict: B is better.")).toBeVisible();
  await expect(page.getByRole("note")).toContainText(
    "The agreement with the judge keeps your first verdict, made before you saw the judge's: A is better",
  );
  await page.getByRole("link", { name: "Back to the run" }).click();
  await expect(
    page.getByText(
      "Cohen's kappa: not computed yet: it needs at least 2 items judged by you and the judge (1 so far).",
    ),
  ).toBeVisible();
  await expect(page.getByRole("note")).toContainText(`${ITEMS - 1} items are left for you`);
});

test("an admin edits the judge prompt, then runs with that version and a key typed for the run", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const key = `sk-e2e-${Date.now().toString(36)}-judge`;
  const judge = await startFakeOpenAIServer({ latencyMs: 20, seed: 17, apiKey: key });
  try {
    await signIn(page, ADMIN);
    await page.goto("/evaluation");
    await page.getByRole("link", { name: "Judge prompt" }).click();
    const heading = page.getByRole("heading", { name: /^Version \d+/ });
    const before = Number((await heading.textContent())?.match(/Version (\d+)/)?.[1]);
    const editor = page.getByLabel(/^Judge prompt \(must keep/);
    const text = await editor.inputValue();
    // Checked as the admin types: the missing placeholder is named before anything is saved.
    await editor.fill(text.replace("{{output_b}}", "the second answer"));
    await expect(page.getByText("The user template must contain {{output_b}}")).toBeVisible();
    await editor.fill(text.replace("# Task:", "# Task (e2e edit):"));
    await expect(page.getByText("The user template must contain")).toHaveCount(0);
    await page.getByLabel("What changed (optional)").fill("e2e edit");
    await page.getByRole("button", { name: `Save as version ${before + 1}` }).click();
    await expect(page.getByRole("heading", { name: `Version ${before + 1} newest` })).toBeVisible({
      timeout: 30_000,
    });

    await page.goto("/evaluation");
    await page.getByRole("link", { name: NAME }).click();
    await page.getByLabel("Reference answers").selectOption("gpt-4");
    await page.getByLabel("Candidate model").fill("fake-7b");
    await page.getByLabel("Candidate URL (OpenAI-compatible)").fill(fake.baseUrl);
    await page.getByLabel("Judge model").fill("keyed-judge");
    await page.getByLabel("Judge URL (empty: OpenAI)").fill(judge.baseUrl);
    await page.getByLabel("Judge prompt version").selectOption(String(before + 1));
    await page.getByLabel("Judge API key").selectOption({ label: "Type a key for this run" });
    await page.getByLabel("Judge key for this run").fill(key);
    await page.getByRole("button", { name: "Estimate cost" }).click();
    await expect(page.getByText(/judge calls at most/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel("Judge API key")).toHaveValue("__typed__");
    await expect(page.getByLabel("Judge prompt version")).toHaveValue(String(before + 1));
    await page.getByRole("button", { name: "Start run" }).click();
    await expect(page).toHaveURL(/\/evaluation\/runs\/[^/]+$/, { timeout: 30_000 });

    await expect(page.getByText(`${2 * ITEMS} / ${2 * ITEMS} verdicts`)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole("link", { name: `judge prompt version ${before + 1}` })).toBeVisible();
    await expect(page.getByText(`judge kept with the run (…${key.slice(-4)})`)).toBeVisible();
    expect(await page.content()).not.toContain(key);
    expect(judge.requests.length).toBe(2 * ITEMS);
    for (const r of judge.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${key}`);
      expect(JSON.stringify(r.body)).toContain("# Task (e2e edit):");
    }
  } finally {
    await judge.close();
  }
});

test("an admin is told at once when the judge cannot be reached, and pauses the run", async ({ page }) => {
  test.setTimeout(180_000);
  // A port that was just free: nothing answers there.
  const dead = await startFakeOpenAIServer();
  const deadUrl = dead.baseUrl;
  await dead.close();
  await signIn(page, ADMIN);
  await page.goto("/evaluation");
  await page.getByRole("link", { name: NAME }).click();
  await page.getByLabel("Reference answers").selectOption("gpt-4");
  await page.getByLabel("Candidate model").fill("fake-7b");
  await page.getByLabel("Candidate URL (OpenAI-compatible)").fill(fake.baseUrl);
  await page.getByLabel("Judge model").fill("dead-judge");
  // A host without a scheme: refused by the setting's name as the form shows it, once.
  await page.getByLabel("Judge URL (empty: OpenAI)").fill("judge.example.org");
  await page.getByRole("button", { name: "Estimate cost" }).click();
  await expect(
    page.getByText("Judge URL (--judge-base-url): Give a full URL such as http://localhost:8000/v1.", {
      exact: true,
    }),
  ).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Judge URL (empty: OpenAI)").fill(deadUrl);
  await page.getByRole("button", { name: "Estimate cost" }).click();
  await expect(page.getByText(/judge calls at most/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/evaluation\/runs\/[^/]+$/, { timeout: 30_000 });
  // Retried with backoff for minutes before the run would pause by itself: the page says why meanwhile.
  const notice = page.getByTestId("run-notice");
  await expect(notice).toContainText(/The judge \(dead-judge\) failed \(attempt \d+ of 9\)/, {
    timeout: 60_000,
  });
  await expect(notice).toContainText(
    "Could not reach the provider (ECONNREFUSED): nothing answers at its address",
  );
  await expect(page.getByText("0 / 20 verdicts")).toBeVisible();
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: /^Resume/ })).toBeVisible({ timeout: 30_000 });
  await expect(notice).toHaveCount(0);
  // Asked first: a cancelled run cannot be resumed.
  await page.getByRole("button", { name: "Cancel run" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel this run?" });
  await expect(confirm).toContainText("cannot be resumed");
  await confirm.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(page.getByRole("button", { name: /^Resume/ })).toBeVisible();
  await page.getByRole("button", { name: "Cancel run" }).click();
  await confirm.getByRole("button", { name: "Cancel the run" }).click();
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole("button", { name: /^Resume/ })).toHaveCount(0);
  await expect(page.getByText(`Judge asked of ${deadUrl}.`)).toBeVisible();

  // The same comparison again with the right URL: the form comes filled in from the cancelled run.
  await page.getByRole("link", { name: "Start a new run with these settings" }).click();
  await expect(page).toHaveURL(/\?from=[^&#]+#new-run$/);
  await expect(page.getByText(/^Filled in from run #\d+/)).toBeVisible();
  await expect(page.getByLabel("Candidate model")).toHaveValue("fake-7b");
  await expect(page.getByLabel("Judge model")).toHaveValue("dead-judge");
  await expect(page.getByLabel("Judge URL (empty: OpenAI)")).toHaveValue(deadUrl);
  await page.getByLabel("Judge URL (empty: OpenAI)").fill(fake.baseUrl);
  await page.getByRole("button", { name: "Estimate cost" }).click();
  // The candidate's answers are in the cache from the first test's run: reused, and said so.
  await expect(
    page.getByText(`${ITEMS} items: 0 candidate and ${2 * ITEMS} judge calls at most`),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId("run-cached-answers")).toContainText(
    `${ITEMS} answers of fake-7b with these decoding settings are already cached`,
  );
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/evaluation\/runs\/[^/?]+$/, { timeout: 30_000 });
  await expect(page.getByText(`${2 * ITEMS} / ${2 * ITEMS} verdicts`)).toBeVisible({ timeout: 120_000 });
});

test("an admin sees a test item's phone number on the test set's page and in the estimate, before any run", async ({
  page,
}) => {
  const name = `Identifiers e2e ${Date.now().toString(36)}`;
  const phone = "555-201-3344";
  const lines = medinstructLines(3)
    .split("\n")
    .map((line, i) => {
      const row = JSON.parse(line);
      if (i === 1) row.instruction = `${row.instruction} Her daughter asks to be called on ${phone}.`;
      return JSON.stringify(row);
    });
  await signIn(page, ADMIN);
  await page.goto("/evaluation");
  await page.getByLabel("Test set name").fill(name);
  await page.getByLabel(/^File/).setInputFiles({
    name: "with-phone.jsonl",
    mimeType: "application/json",
    buffer: Buffer.from(lines.join("\n")),
  });
  await page.getByRole("button", { name: "Import test set" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible({ timeout: 30_000 });
  const screen = page.getByTestId("testset-identifiers");
  await expect(screen).toContainText(
    "Identifier screen: 1 item of 3 holds possible patient identifiers nobody resolved: 1 in the instruction or input",
  );
  await expect(screen.getByRole("link", { name: "Admin > Settings" })).toBeVisible();
  await screen.getByRole("link", { name: "Show only these items" }).click();
  await expect(page).toHaveURL(/identifiers=1/);
  const rows = page.getByRole("table").last().getByRole("row");
  await expect(rows).toHaveCount(2); // the header and the one item
  await expect(rows.last()).toContainText(`Possible identifier: PHONE "${phone}" in the instruction`);
  await page.screenshot({ path: "test-results/screenshots/testset-identifiers.png", fullPage: true });

  await page.getByLabel("Reference answers").selectOption("gpt-4");
  await page.getByLabel("Candidate model").fill("fake-7b");
  await page.getByLabel("Candidate URL (OpenAI-compatible)").fill(fake.baseUrl);
  await page.getByLabel("Judge model").fill("phi-judge");
  await page.getByLabel("Judge URL (empty: OpenAI)").fill(fake.baseUrl);
  await page.getByRole("button", { name: "Estimate cost" }).click();
  const warning = page.getByTestId("run-identifiers");
  await expect(warning).toContainText(`the first: PHONE "${phone}" in test item`, { timeout: 30_000 });
  await expect(warning).toContainText("not marked trusted, so the run would pause at the first of them");
  await warning.getByRole("link", { name: "Trusted endpoints" }).click();
  await expect(page).toHaveURL(/\/admin\/settings#trusted-endpoints$/);
  await expect(page.getByRole("heading", { name: "PHI gate: trusted endpoints" })).toBeVisible();
});
