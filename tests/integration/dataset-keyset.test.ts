import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { listRecords, recordNeighbours } from "@/lib/dataset/records";
import { recordQuerySchema } from "@/lib/validation/dataset";
import { buildFixture } from "@/scripts/bench/million-fixture";
import { isolateDatabase } from "../support/isolated-db";

// The record browser pages by keyset (Next and Previous carry the sort keys of the page's edge): walking
// every page forward and back must give exactly the order of the one ORDER BY it replaced, for each sort,
// state and filter, ties and NULL scores included.

isolateDatabase();

const client = () => new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  const c = client();
  await c.connect();
  await buildFixture(c, 2_400); // 20 jobs of 120 records, a seventh discarded
  // NULL scores, exclusions and an edit that changes a length.
  await c.query(`UPDATE "GeneratedTask" SET "maxRougeL" = NULL WHERE position = 3`);
  await c.query(
    `UPDATE "GeneratedTask" SET excluded = true, "curationVersion" = 1 WHERE kept AND position = 5`,
  );
  await c.query(
    `UPDATE "GeneratedTask" SET "curatedInstruction" = 'Shortened', "curationVersion" = 1 WHERE kept AND position = 7`,
  );
  // Ratings (issue 17): ties on every score, a quarter unrated (NULL); refusal signals on some records.
  await c.query(
    `UPDATE "GeneratedTask" SET "qualityScore" = (position % 3) + 2.5 WHERE kept AND position % 4 <> 0`,
  );
  await c.query(
    `INSERT INTO "RecordSignals" ("taskId", "curationVersion", words, chars, refusal, disclaimer, patterns,
            "rougeLInstruction", "multipleChoice", "missingAnswerLine", "languageMismatch")
     SELECT id, "curationVersion", 10, 60, position % 2 = 0, false, '{}', 0.1, false, false, false
       FROM "GeneratedTask" WHERE kept AND position % 3 = 0`,
  );
  await c.end();
}, 120_000);

/** The order as one query gave it before keyset paging (lib/dataset/records.ts until issue 18). */
async function reference(where: string, order: string): Promise<string[]> {
  const c = client();
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string }>(
      `SELECT t.id FROM "GeneratedTask" t JOIN "GenerationJob" j ON j.id = t."jobId"
         JOIN "GenerationRequest" r ON r.id = t."requestId"
         LEFT JOIN "RecordSignals" s ON s."taskId" = t.id WHERE ${where} ORDER BY ${order}`,
    );
    return rows.map((r) => r.id);
  } finally {
    await c.end();
  }
}

async function walk(params: Record<string, string>) {
  const q = recordQuerySchema.parse(params);
  const pages = [await listRecords(q)];
  for (let p = pages[0]; p?.next; ) {
    p = await listRecords({ ...q, page: p.page + 1, after: p.next });
    pages.push(p);
  }
  const forward = pages.flatMap((p) => p.rows.map((r) => r.id));
  // And back from the last page, by Previous.
  const back: string[][] = [];
  let p = pages.at(-1);
  while (p) {
    back.unshift(p.rows.map((r) => r.id));
    if (!p.prev || p.page === 1) break;
    p = await listRecords({ ...q, page: p.page - 1, before: p.prev });
  }
  // A page number typed without a cursor lands on the same records.
  const third = pages[2] ? await listRecords({ ...q, page: 3 }) : null;
  // The cursor alone gives the next page (a cursor the page cannot read would fall back to the page number,
  // hiding a mismatch between the keys a page writes and the keys it reads): here the number says page 1.
  const second = pages[0]?.next ? await listRecords({ ...q, page: 1, after: pages[0].next }) : null;
  return { pages, forward, back: back.flat(), third, second };
}

const CASES: [string, Record<string, string>, string, string][] = [
  [
    "default",
    {},
    "t.kept AND NOT t.excluded",
    `j.number DESC, t.seq ASC NULLS LAST, r.index ASC, t.position ASC, t.id`,
  ],
  [
    "seq desc, all",
    { status: "all", dir: "desc" },
    "TRUE",
    `j.number DESC, t.seq DESC NULLS LAST, r.index DESC, t.position DESC, t.id`,
  ],
  ["seq desc", { dir: "desc" }, "t.kept AND NOT t.excluded", `j.number DESC, t.seq DESC`],
  // A filter on kept records: each job walked by seq alone until a page of matches (no request order).
  [
    "difficulty, seq",
    { difficulty: "3" },
    "t.kept AND NOT t.excluded AND t.difficulty = 3",
    `j.number DESC, t.seq ASC`,
  ],
  [
    "excluded, seq desc",
    { status: "excluded", dir: "desc" },
    "t.kept AND t.excluded",
    `j.number DESC, t.seq DESC`,
  ],
  [
    "discarded",
    { status: "discarded" },
    "NOT t.kept",
    `j.number DESC, t.seq ASC NULLS LAST, r.index ASC, t.position ASC, t.id`,
  ],
  [
    "rouge desc, all",
    { status: "all", sort: "rouge", dir: "desc" },
    "TRUE",
    `t."maxRougeL" DESC NULLS LAST, t.id DESC`,
  ],
  ["rouge asc", { sort: "rouge" }, "t.kept AND NOT t.excluded", `t."maxRougeL" ASC NULLS LAST, t.id ASC`],
  ["length asc", { sort: "length" }, "t.kept AND NOT t.excluded", `t."instructionWords" ASC, t.id ASC`],
  [
    "output length desc, topic",
    { sort: "length", lenOf: "output", dir: "desc", topic: "Cardiology" },
    `t.kept AND NOT t.excluded AND t.topic = 'Cardiology'`,
    `t."outputWords" DESC, t.id DESC`,
  ],
  [
    "rating desc, all",
    { status: "all", sort: "rating", dir: "desc" },
    "TRUE",
    `t."qualityScore" DESC NULLS LAST, t.id DESC`,
  ],
  [
    "rating asc, refusal signal",
    { sort: "rating", signal: "refusal" },
    "t.kept AND NOT t.excluded AND s.refusal",
    `t."qualityScore" ASC NULLS LAST, t.id ASC`,
  ],
  [
    "default, refusal signal",
    { signal: "refusal" },
    "t.kept AND NOT t.excluded AND s.refusal",
    `j.number DESC, t.seq ASC NULLS LAST, r.index ASC, t.position ASC, t.id`,
  ],
];

describe("record browser keyset paging", () => {
  it.each(CASES)(
    "%s: forward, back and by page number, the order of the single query",
    async (_n, params, where, order) => {
      const expected = await reference(where, order);
      expect(expected.length).toBeGreaterThan(0);
      const { pages, forward, back, third, second } = await walk(params);
      expect(pages[0]?.total).toBe(expected.length);
      expect(forward).toEqual(expected);
      expect(back).toEqual(expected);
      if (third) expect(third.rows.map((r) => r.id)).toEqual(pages[2]?.rows.map((r) => r.id));
      if (second) expect(second.rows.map((r) => r.id)).toEqual(pages[1]?.rows.map((r) => r.id));
    },
  );

  it("one job, and a cursor that does not parse is ignored (first page)", async () => {
    const first = await listRecords(recordQuerySchema.parse({}));
    const job = first.rows[0]?.jobId as string;
    const { forward } = await walk({ job });
    expect(forward).toEqual(await reference(`t."jobId" = '${job}' AND t.kept AND NOT t.excluded`, `t.seq`));
    const bad = await listRecords(recordQuerySchema.parse({ after: "not-a-cursor" }));
    expect(bad.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });
});

describe("a record's Previous and Next, in the order of the list it was opened from", () => {
  it.each(CASES)(
    "%s: each record's neighbours are the ones the single query puts beside it",
    async (_n, params, where, order) => {
      const expected = await reference(where, order);
      const q = recordQuerySchema.parse(params);
      // The ends, both sides of page edges (50 a page), ties and NULL scores somewhere between.
      const at = [0, 1, 48, 49, 50, 51, 99, 100, 777, expected.length - 2, expected.length - 1].filter(
        (i) => i >= 0 && i < expected.length,
      );
      for (let i = 3; i < expected.length; i += 173) at.push(i);
      for (const i of new Set(at)) {
        const around = await recordNeighbours(q, expected[i] as string);
        expect(around, `record ${i} of ${expected.length}`).toEqual({
          prev: expected[i - 1] ?? null,
          next: expected[i + 1] ?? null,
        });
      }
    },
  );

  it("a record of another list still has its place in this one's order; an unknown one has none", async () => {
    const kept = await reference("t.kept AND NOT t.excluded", `j.number DESC, t.seq ASC`);
    const excluded = await reference("t.kept AND t.excluded", `j.number DESC, t.seq ASC`);
    const outsider = excluded[3] as string;
    const around = await recordNeighbours(recordQuerySchema.parse({}), outsider);
    // Between the kept records on either side of it in job and sequence order.
    expect(around.prev).not.toBeNull();
    expect(around.next).not.toBeNull();
    expect(kept.indexOf(around.next as string)).toBe(kept.indexOf(around.prev as string) + 1);
    expect(await recordNeighbours(recordQuerySchema.parse({}), "no-such-record")).toEqual({
      prev: null,
      next: null,
    });
  });
});
