import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { analyseImport } from "@/lib/seeds/import/analyse";
import { generateNaturalRows } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

// An import is analysed in the web server's own process (a worker there, or the request itself for small
// files): while it runs, the event loop must keep answering other requests. The measure is the longest the
// loop went without a turn (perf_hooks' event-loop delay), which was the whole analysis (seconds) when it
// ran as one block.

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

async function maxLoopDelayMs(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // The histogram's timer only starts on the next turn of the loop: work begun at once would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    await work();
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

describe("analysing a large import", () => {
  it("leaves the event loop a turn at least every 100 ms (30,000 rows as JSON and as CSV)", async () => {
    const author = await makeUser();
    // Stored tasks to compare against (read in pages by the near-duplicate pass). Text with a natural
    // vocabulary: with a hundred words, or a unique marker in every row, the old pass was quick anyway.
    const stored = generateNaturalRows(5_000, 7);
    await db.seedTask.createMany({
      data: stored.map((r, i) => ({
        instruction: r.instruction,
        contentHash: seedContentHash(r.instruction, `${i}`),
        authorId: author.id,
      })),
    });
    const rows = generateNaturalRows(30_000, 8);
    const json = JSON.stringify(rows, null, 1);
    const header = "topic,view,type,instruction,input,difficulty";
    const csv = [
      header,
      ...rows.map((r) =>
        [r.topic, r.view, r.type, r.instruction, r.input, r.difficulty].map(csvCell).join(","),
      ),
    ].join("\r\n");

    for (const [fileName, text] of [
      ["big.json", json],
      ["big.csv", csv],
    ] as const) {
      let report: Awaited<ReturnType<typeof analyseImport>>["report"] | undefined;
      const delay = await maxLoopDelayMs(async () => {
        report = (await analyseImport(text, { fileName, status: "DRAFT" })).report;
      });
      expect(report?.counts).toMatchObject({ rows: 30_000, valid: 30_000 });
      expect(report?.counts.nearDuplicates).toBeGreaterThan(500);
      expect(delay, `${fileName}: longest event-loop delay (ms)`).toBeLessThan(100);
    }
  }, 180_000);
});
