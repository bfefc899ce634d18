import { expect, test } from "@playwright/test";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { ADMIN } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";

// The PHI gate on text a model wrote (issue 15): a job whose model invents "a 94-year-old" pauses on it like
// on any finding; its page says the text is model-written and resumes it, with a warning instead of a
// pause, in one click; the job then completes and its page says model-written text is sent with a warning.

const marker = `mtext${Date.now().toString(36)}`;

let fake: FakeServer;
test.beforeAll(async () => {
  fake = await startFakeOpenAIServer({
    latencyMs: 20,
    seed: 23,
    // Every other task the model writes carries an age over 89.
    modelWrites: (t, i) => (i % 2 ? t : { ...t, input: "A 94-year-old woman presents with new confusion." }),
  });
});
test.afterAll(async () => {
  await fake?.close();
});

test("a job paused on a model-invented age over 89 is resumed with a warning in one click", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);
  await importApproved(
    page,
    `${marker}.json`,
    [
      ["Open Q&A", "Explain how loop diuretics relieve pulmonary oedema"],
      ["Summarization", "Summarize this discharge letter for the general practitioner"],
      ["Classification", "Classify these rashes by their most likely cause"],
    ].map(([type, instruction], i) => ({
      topic: `Model text ${marker}`,
      view: "Nurse",
      type: type as string,
      instruction: `${instruction} (${marker}).`,
      input: "<noinput>",
      difficulty: String(i + 1),
    })),
  );

  const exp = await page.request.post("/api/v1/exports", {
    data: { format: "alpacare", filter: { topic: `Model text ${marker}` } },
  });
  expect(exp.status()).toBe(201);
  const started = await page.request.post("/api/v1/generation/jobs", {
    data: {
      exportId: (await exp.json()).data.id,
      settings: {
        provider: { kind: "openai-compatible", baseUrl: fake.baseUrl },
        taskModel: "fake-gpt-4",
        responseModel: "fake-gpt-3.5-turbo",
        target: 6,
        rngSeed: 5,
      },
    },
  });
  expect(started.status()).toBe(201);
  const job = (await started.json()).data as { id: string };
  const state = async () =>
    (await (await page.request.get(`/api/v1/generation/jobs/${job.id}`)).json()).data.state as string;
  await expect.poll(state, { timeout: 90_000 }).toBe("PAUSED");

  await page.goto(`/generation/${job.id}`);
  const paused = page.getByRole("alert").filter({ hasText: "Paused by the PHI gate" });
  await expect(paused).toContainText(/AGE_OVER_89 .*94/);
  await expect(paused).toContainText("written by the model, not by a clinician");
  await paused.getByRole("button", { name: "Resume, warning on model-written text" }).click();
  await expect.poll(state, { timeout: 90_000 }).toBe("COMPLETED");
  await page.reload();
  await expect(page.getByText("PHI gate: model-written text is sent with a warning")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Paused by the PHI gate" })).toHaveCount(0);
});
