import { expect, test } from "@playwright/test";
import { AUTHOR } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";

// The seed list on a phone (390 px, an iPhone 12-15's width): cards instead of a table, nothing scrolls
// sideways, and an instruction of a few lines is shown whole. A screenshot is kept for a person to look at.

test.use({ viewport: { width: 390, height: 844 } });

test("the seed list at 390 px is a list of cards with whole instructions and no sideways scroll", async ({
  page,
}) => {
  await signIn(page, AUTHOR);
  const marker = `narrow${Date.now().toString(36)}`;
  const instruction = `Explain to a newly diagnosed adult with type 2 diabetes how metformin lowers blood glucose, which side effects to expect in the first weeks, and when to call the clinic (${marker}).`;
  for (const [i, topic] of ["Endocrinology", "Pharmacology of oral hypoglycaemic agents"].entries()) {
    const r = await page.request.post("/api/v1/seeds", {
      data: {
        instruction: i ? `${instruction} Second version.` : instruction,
        topic,
        view: "Patient",
        taskType: "Open Q&A",
        difficulty: 2,
      },
    });
    expect(r.status()).toBe(201);
  }
  await page.goto(`/seeds?q=${marker}`);
  const link = page.getByRole("link", { name: instruction, exact: true });
  await expect(link).toBeVisible();

  const overflow = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  expect(overflow.scroll, "the page scrolls sideways").toBeLessThanOrEqual(overflow.width);
  // The whole instruction shows: the link is not clamped, and it runs over several lines of the card.
  const box = await link.evaluate((el) => ({
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
    width: el.getBoundingClientRect().width,
  }));
  expect(box.scrollHeight).toBeLessThanOrEqual(box.clientHeight + 1);
  expect(box.width).toBeGreaterThan(250);
  // Each card names its fields.
  const card = page.getByRole("row").filter({ has: link });
  await expect(card.getByRole("cell").filter({ hasText: "Endocrinology" })).toHaveAttribute(
    "data-label",
    "Topic",
  );
  await page.screenshot({ path: "test-results/screenshots/seed-list-390px.png", fullPage: true });
});
