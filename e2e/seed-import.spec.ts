import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AUTHOR } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";

// A file over 1 MB is checked and imported by the app's background worker: the page shows the job's
// progress, then the preview, then the result.

const WORDS = (
  "acute chronic chest pain fever cough sepsis insulin dose renal failure stroke asthma therapy risk child " +
  "adult nurse warfarin heparin biopsy dialysis triage consent prognosis relapse allergy fracture delirium"
).split(" ");

test("an author imports a 6,000-row file: progress while the worker checks it, the preview, then the import", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, AUTHOR);
  const marker = randomUUID().slice(0, 8);
  const lines = Array.from({ length: 6_000 }, (_, i) => {
    const words = Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * k * 13 + (i >> k)) % WORDS.length]);
    return JSON.stringify({
      instruction: `Explain ${words.join(" ")} for case ${marker}-${i}.`,
      input: `A patient, ${20 + (i % 60)} years old, with ${words.slice(0, 6).join(", ")}.`,
      topic: "Nephrology",
      view: "Nurse",
      type: "Open Q&A",
      difficulty: String(1 + (i % 5)),
    });
  });
  const buffer = Buffer.from(lines.join("\n"));
  expect(buffer.byteLength).toBeGreaterThan(1024 * 1024);

  await page.goto("/seeds/import");
  await page.locator('input[type="file"]').setInputFiles({
    name: `big-${marker}.jsonl`,
    mimeType: "application/x-ndjson",
    buffer,
  });
  await expect(page.getByRole("status").filter({ hasText: `Checking big-${marker}.jsonl` })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Checking progress" })).toBeVisible();

  const importButton = page.getByRole("button", { name: "Import 6000 tasks" });
  await expect(importButton).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Preview" })).toBeVisible();
  await importButton.click();
  await expect(page.getByText("Imported 6,000 tasks as drafts")).toBeVisible({ timeout: 120_000 });
});

test("the chosen file is named beside the preview, not the native input's 'No file chosen'", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  await page.goto("/seeds/import");
  const chosen = page.getByTestId("chosen-file");
  await expect(chosen).toHaveText("No file chosen yet");
  const name = `small-${Date.now().toString(36)}.json`;
  const rows = [
    {
      instruction: "Explain the CHA2DS2-VASc score to a nurse.",
      topic: "Cardiology",
      view: "Nurse",
      type: "Open Q&A",
      difficulty: "2",
    },
  ];
  const input = page.locator('input[type="file"]');
  await input.setInputFiles({
    name,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(rows)),
  });
  await expect(page.getByRole("heading", { name: "Preview" })).toBeVisible({ timeout: 60_000 });
  await expect(chosen).toContainText(name);
  await expect(page.getByText("Choose another file")).toBeVisible();
  // The native control (which says "No file chosen" once cleared for the next pick) is not what shows.
  const box = await input.boundingBox();
  expect((box?.width ?? 0) <= 1 && (box?.height ?? 0) <= 1).toBe(true);
  await expect(input).toHaveAccessibleName(/Seed file/);
});
