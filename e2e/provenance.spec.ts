import { expect, type Page, test } from "@playwright/test";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { ADMIN, AUTHOR } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { changeAndSave } from "./fixtures/editor";
import { importApproved } from "./fixtures/seeds";

// Provenance and licence (issue 15) in the browser: an author records where a task came from in the editor
// and finds it by source; publishing data whose seeds are NonCommercial warns, and the release says so.

test.describe.configure({ mode: "serial" });

const marker = `prov${Date.now().toString(36)}`;
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

let fake: FakeServer;
test.beforeAll(async () => {
  fake = await startFakeOpenAIServer({ latencyMs: 20, seed: 17 });
});
test.afterAll(async () => {
  await fake?.close();
});

test("an author sets a task's source and licence in the editor; filtering by source finds it", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/new");
  // A new task starts as the author's own, not licensed to anyone.
  await expect(field(page, "Source")).toHaveValue("OWN_EXPERIENCE");
  await expect(field(page, "Licence")).toHaveValue("internal");
  await changeAndSave(page, () =>
    field(page, "Instruction").fill(`Summarise the sepsis six for a new ward nurse (${marker}).`),
  );
  await changeAndSave(page, async () => {
    await field(page, "Source").selectOption("GUIDELINE");
  });
  await changeAndSave(page, () =>
    field(page, "Citation").fill("Surviving Sepsis Campaign: international guidelines 2021"),
  );
  // A citation URL that is not http(s) is refused with a reason, and saved once corrected.
  await field(page, "Citation URL (optional)").fill("javascript:alert(1)");
  await expect(field(page, "Citation URL (optional)")).toHaveAccessibleDescription(
    /Citation URL must be a full http:\/\/ or https:\/\/ address/,
  );
  await changeAndSave(page, () =>
    field(page, "Citation URL (optional)").fill("https://www.sccm.org/survivingsepsiscampaign/guidelines"),
  );
  await changeAndSave(page, async () => {
    await field(page, "Licence").selectOption("CC-BY-NC-ND-4.0");
  });
  await changeAndSave(page, () => page.getByLabel(/Adapted from the source/).check());
  await expect(page.getByText(/Non-commercial: datasets built from it/)).toBeVisible();

  await page.reload();
  await expect(field(page, "Source")).toHaveValue("GUIDELINE");
  await expect(field(page, "Licence")).toHaveValue("CC-BY-NC-ND-4.0");
  await expect(page.getByLabel(/Adapted from the source/)).toBeChecked();

  // The list, filtered by source and licence; the filter stays in the URL.
  await page.goto("/seeds");
  const filters = page.getByRole("search", { name: "Filter seed tasks" });
  await filters.getByLabel("Search instruction, input and output").fill(marker);
  await filters.getByLabel("Source").selectOption("GUIDELINE");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/source=GUIDELINE/);
  await expect(
    page.getByRole("link", { name: new RegExp(`Summarise the sepsis six.*${marker}`) }),
  ).toBeVisible();
  await filters.getByLabel("Source").selectOption("TEXTBOOK");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/source=TEXTBOOK/);
  await expect(
    page.getByRole("link", { name: new RegExp(`Summarise the sepsis six.*${marker}`) }),
  ).toHaveCount(0);

  // The coverage dashboard counts tasks by source and licence.
  await page.goto("/seeds/coverage");
  await expect(page.getByRole("heading", { name: "Tasks by source" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Tasks by licence" })).toBeVisible();
});

test("publishing data whose seeds are NonCommercial warns, and the release and its card say so", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);
  // An AlpaCare-format file: the preview proposes CC BY-NC 4.0 and the AlpaCare paper.
  const file = [
    ["Open Q&A", "Explain how loop diuretics relieve pulmonary oedema"],
    ["Summarization", "Summarize this discharge letter for the patient's general practitioner"],
    ["Classification", "Classify these rashes by their most likely cause"],
    ["Rewrite", "Rewrite this consent form paragraph in plain words"],
  ].map(([type, instruction], i) => ({
    topic: `Provenance ${marker}`,
    view: i % 2 ? "Patient" : "Nurse",
    type: type as string,
    instruction: `${instruction} (${marker}).`,
    input: "<noinput>",
    difficulty: String(i + 1),
  }));
  await importApproved(page, `${marker}.json`, file, async () => {
    const source = page.getByRole("group", { name: "Source and licence of this file" });
    await expect(source.getByLabel("Licence", { exact: true })).toHaveValue("CC-BY-NC-4.0");
    await expect(source.getByLabel("Citation", { exact: true })).toHaveValue(/AlpaCare.*2310\.14558/);
  });

  const exp = await page.request.post("/api/v1/exports", {
    data: { format: "alpacare", filter: { topic: `Provenance ${marker}` } },
  });
  expect(exp.status()).toBe(201);
  const exportId = (await exp.json()).data.id as string;
  const detail = await (await page.request.get(`/api/v1/exports/${exportId}`)).json();
  expect(detail.data.sources).toMatchObject({
    nonCommercial: true,
    licences: [{ licence: "CC-BY-NC-4.0", seeds: 4 }],
  });
  const started = await page.request.post("/api/v1/generation/jobs", {
    data: {
      exportId,
      settings: {
        provider: { kind: "openai-compatible", baseUrl: fake.baseUrl },
        taskModel: "fake-gpt-4",
        responseModel: "fake-gpt-3.5-turbo",
        target: 6,
        seedsPerRequest: 3,
        rngSeed: 9,
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

  await page.goto("/datasets/publish");
  await page.getByLabel("Name").fill(`Provenance ${marker}`);
  await page.getByRole("checkbox", { name: new RegExp(`Job #${job.number} `) }).check();
  const warning = page.getByRole("status").filter({ hasText: "Non-commercial data" });
  await expect(warning).toContainText(`Job #${job.number}'s seeds include CC-BY-NC-4.0`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/datasets\/releases\//);
  await expect(page.getByText(/^Non-commercial: 4 seeds under CC-BY-NC-4\.0/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Files" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/use and share it for non-commercial purposes only/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sources and licences of its seeds" })).toBeVisible();
  const releaseId = page.url().split("/").pop() ?? "";
  const release = await (await page.request.get(`/api/v1/datasets/releases/${releaseId}`)).json();
  expect(release.data).toMatchObject({ nonCommercial: true });
});
