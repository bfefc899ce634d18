import { expect, test } from "@playwright/test";
import { ADMIN, AUTHOR } from "./fixtures/accounts";
import { signIn } from "./fixtures/auth";
import { importApproved } from "./fixtures/seeds";

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

test("the admin's pages at 390 px do not scroll sideways (a wide table scrolls in its own box)", async ({
  page,
  browser,
}) => {
  await signIn(page, ADMIN);
  // An export, so that the Exports page has its table (an empty list shows a short message instead).
  const marker = `narrowx${Date.now().toString(36)}`;
  // Topics of long unbroken words, as the rest of the suite leaves them (the coverage page's charts and tables
  // name every topic: they were 641 px wide at 390 px).
  await importApproved(page, `${marker}.json`, [
    {
      topic: `Narrow ${marker}`,
      view: "Nurse",
      type: "Open Q&A",
      instruction: `Explain how to check inhaler technique step by step for an older adult (${marker}).`,
      input: "<noinput>",
      difficulty: "2",
    },
    ...["Pharmacology of oral hypoglycaemic agents", `Provenance${marker}${marker}`].map((topic, i) => ({
      topic,
      view: "Medical student",
      type: "Summarization",
      instruction: `Summarise the evidence for ${i ? "spacer devices" : "metformin"} in two paragraphs (${marker}).`,
      input: "<noinput>",
      difficulty: "4",
    })),
  ]);
  // A task an author wrote waiting in the admin's review queue (not their own), with a possible identifier (the
  // panel lists its findings).
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await signIn(author, AUTHOR);
  const made = await author.request.post("/api/v1/seeds", {
    data: {
      instruction: `Write the discharge advice for Mr. John Hartley after his hip replacement; his daughter's mobile is 07700 900123 (${marker}).`,
      topic: "Orthopaedics",
      view: "Nurse",
      taskType: "Open Q&A",
      difficulty: 3,
      // A citation with a long URL, as AlpaCare's seeds carry (it widened the review panel to 402 px).
      sourceKind: "PUBLIC_DATASET",
      citation:
        'Zhang X et al. "AlpaCare: Instruction-tuned Large Language Models for Medical Application." 2023.',
      citationUrl: "https://arxiv.org/abs/2310.14558",
      licence: "CC-BY-NC-4.0",
    },
  });
  expect(made.status()).toBe(201);
  const task = (await made.json()).data as { id: string; version: number };
  const sent = await author.request.post(`/api/v1/seeds/${task.id}/submit`, {
    data: { version: task.version },
  });
  expect(sent.status()).toBe(200);
  await authorContext.close();
  const exp = await page.request.post("/api/v1/exports", {
    data: { format: "alpacare", filter: { topic: `Narrow ${marker}` } },
  });
  expect(exp.status()).toBe(201);
  const wide: string[] = [];
  for (const path of [
    "/",
    "/seeds/new",
    "/seeds/coverage",
    "/seeds/coverage?scope=all",
    "/review",
    `/review?q=${marker}`,
    `/seeds/${task.id}`,
    "/exports",
    `/exports/${(await exp.json()).data.id}`,
    "/generation",
    "/datasets",
    "/evaluation",
    "/evaluation/compare",
    "/admin/users",
    "/admin/vocabulary",
    "/admin/settings",
    "/admin/audit",
    "/account/tokens",
  ]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    const { scroll, width } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
    }));
    if (scroll > width) {
      // The innermost elements reaching past the right edge, not inside a box that clips or scrolls: what to mend.
      const culprits = await page.evaluate((w) => {
        // past the edge itself, or its content is (text overflowing its box leaves the box where it was)
        const past = (el: Element) =>
          Math.max(el.getBoundingClientRect().right, el.getBoundingClientRect().left + el.scrollWidth) >
          w + 1;
        const boxed = (el: Element) => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== "visible" && !past(a)) return true;
          return false;
        };
        const out = [...document.querySelectorAll("main *")].filter(
          (el) => past(el) && !boxed(el) && ![...el.children].some(past),
        );
        return out
          .slice(0, 3)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} "${el.textContent?.slice(0, 30)}"`,
          );
      }, width);
      wide.push(`${path} (${scroll} px: ${culprits.join("; ")})`);
      await page.screenshot({ path: `test-results/screenshots/wide-${path.replace(/\W+/g, "-")}.png` });
    }
  }
  expect(wide, "pages scrolling sideways at 390 px").toEqual([]);
  await page.goto("/exports");
  await page.screenshot({ path: "test-results/screenshots/exports-390px.png", fullPage: true });
});

// As the page arrives, before its script runs: a chart's server-rendered size (recharts draws it at a fixed
// width until it measures its box) must not widen the page either. It did on the coverage page (641 px), which
// the check above caught only when the machine was slow to hydrate.
test("the pages with charts at 390 px do not scroll sideways before their script runs", async ({
  page,
  browser,
}) => {
  await signIn(page, ADMIN);
  const marker = `narrowc${Date.now().toString(36)}`;
  await importApproved(page, `${marker}.json`, [
    {
      topic: `Charts ${marker}`,
      view: "Patient",
      type: "Open Q&A",
      instruction: `Explain what a spacer does for an inhaler and how to clean it (${marker}).`,
      input: "<noinput>",
      difficulty: "1",
    },
  ]);
  await page.goto("/seeds/coverage");
  await expect(page.getByRole("heading", { name: "Task type × difficulty" })).toBeVisible();
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
    baseURL: new URL(page.url()).origin,
  });
  const still = await context.newPage();
  const wide: string[] = [];
  for (const path of ["/seeds/coverage", "/seeds/coverage?scope=all", "/datasets"]) {
    await still.goto(path);
    const { scroll, width } = await still.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
    }));
    if (scroll > width) wide.push(`${path} (${scroll} px)`);
  }
  await context.close();
  expect(wide, "pages scrolling sideways at 390 px without script").toEqual([]);
});

test("at 390 px every entry of the main nav is on screen (it wraps, not hidden past the edge)", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await page.goto("/");
  const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  expect(await links.count()).toBeGreaterThan(5);
  for (const link of await links.all()) {
    await expect(link).toBeVisible();
    const box = await link.boundingBox();
    expect(box, `${await link.textContent()} has a box`).not.toBeNull();
    expect(
      (box?.x ?? 0) + (box?.width ?? 0),
      `${await link.textContent()} ends inside 390 px`,
    ).toBeLessThanOrEqual(390);
  }
});
