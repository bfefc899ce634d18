import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedContentHash } from "@/lib/seeds/content-hash";
import { analyseImport } from "@/lib/seeds/import/analyse";
import { generateNaturalRows } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

// An import is analysed in the web server's own process (a worker there, or the request itself for small
// files): while it runs, the event loop must keep answering other requests. The measure is the longest
// stretch of work the main thread did between two turns of the loop, in CPU time of that thread (wall time
// would also count the moments a busy machine gives the process no CPU at all, which no code can help).
// It was the whole parse and validation (hundreds of milliseconds) when the analysis ran as one block.

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** The longest main-thread CPU time between two turns of the event loop while `work` runs. */
async function longestStretchMs(work: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = threadCpuMs();
  let running = true;
  const tick = () => {
    const now = threadCpuMs();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  return longest;
}

describe("analysing a large import", () => {
  it("gives the event loop a turn at least every 100 ms of work (30,000 rows as JSON and as CSV)", async () => {
    const author = await makeUser();
    // Stored tasks to compare against (read in pages by the near-duplicate pass). Text with a natural
    // vocabulary: with a hundred words, or a unique marker in every row, the old pass was quick anyway.
    // One INSERT from arrays, not createMany: Prisma's debug log keeps the arguments of its last hundred calls
    // (whether or not DEBUG is set), and a 5,000-row createMany's query plan is half a million objects that
    // every major collection of this process would then trace while the import runs: the test's own
    // set-up, not the import's work, in the measure.
    const stored = generateNaturalRows(5_000, 7);
    await db.$executeRaw`
      INSERT INTO "SeedTask" (id, instruction, "contentHash", "authorId", "updatedAt")
      SELECT 'stored-' || n, instruction, hash, ${author.id}, now()
        FROM unnest(${stored.map((r) => r.instruction)}::text[],
                    ${stored.map((r, i) => seedContentHash(r.instruction, `${i}`))}::text[])
             WITH ORDINALITY AS t(instruction, hash, n)`;
    expect(await db.seedTask.count()).toBe(5_000);
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
      const stretch = await longestStretchMs(async () => {
        report = (await analyseImport(text, { fileName, status: "DRAFT" })).report;
      });
      expect(report?.counts).toMatchObject({ rows: 30_000, valid: 30_000 });
      expect(report?.counts.nearDuplicates).toBeGreaterThan(500);
      expect(
        stretch,
        `${fileName}: longest stretch without a turn of the event loop (ms of CPU)`,
      ).toBeLessThan(100);
    }
  }, 180_000);
});
