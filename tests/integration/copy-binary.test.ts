import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CopyBinaryReader, type CopyRow } from "@/lib/db/copy-binary";

// The binary COPY reader (lib/db/copy-binary.ts) against what a real PostgreSQL sends: every row and field read
// back exactly, however the stream is cut into pieces, and a stream cut short refused.

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

// Texts with what could trip a reader: empty, NULL, multi-byte UTF-8, bytes that look like a field count or the
// trailer (\xff\xff), line breaks and tabs, and one long enough to span many pieces.
const SQL = `SELECT t.n, t.label, t.flag
  FROM (VALUES
    (1, 'plain', true),
    (2, '', false),
    (3, NULL, NULL),
    (4, 'Ünïcödé — 東京 🩺', true),
    (5, E'tab\\there\\nline \\\\ back"quote''', false),
    (6, repeat('long text ', 3000), true),
    (-7, chr(65535) || chr(255), NULL)
  ) AS t(n, label, flag)
  ORDER BY t.n`;

async function copyBinary(sql: string): Promise<Buffer> {
  const pieces: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT binary)`));
    stream.on("data", (b: Buffer) => pieces.push(b));
    stream.on("end", () => resolve());
    stream.on("error", reject);
  });
  return Buffer.concat(pieces);
}

type Row = { n: number; label: string | null; flag: boolean | null };

function readAll(data: Buffer, cuts: number[], spans: Buffer[] = []): Row[] {
  const rows: Row[] = [];
  const reader = new CopyBinaryReader((row: CopyRow) => {
    expect(row.count).toBe(3);
    // The bytes of fields 1-2 (label and flag, their lengths included), kept to compare the next row's with.
    const last = spans.at(-1);
    if (last) expect(row.sameSpan(last, 1, 2)).toBe(false);
    spans.push(row.copySpan(1, 2));
    expect(row.sameSpan(spans.at(-1) as Buffer, 1, 2)).toBe(true);
    rows.push({
      n: row.int32(0),
      label: row.isNull(1) ? null : row.text(1),
      flag: row.isNull(2) ? null : row.bool(2),
    });
    if (!row.isNull(1)) expect(row.bytes(1).equals(Buffer.from(row.text(1), "utf8"))).toBe(true);
  });
  let at = 0;
  for (const cut of [...cuts, data.length]) {
    reader.push(data.subarray(at, cut));
    at = cut;
  }
  reader.end();
  expect(reader.rows).toBe(rows.length);
  return rows;
}

describe("CopyBinaryReader", () => {
  it("reads PostgreSQL's binary COPY exactly as a query returns the rows, whole or in pieces of any size", async () => {
    const data = await copyBinary(SQL);
    const expected = (await client.query<Row>(SQL)).rows;
    expect(expected).toHaveLength(7);
    expect(readAll(data, [])).toEqual(expected);
    // Cut once at every position of the first 400 bytes (the header, and the first rows' counts, lengths and
    // bytes), then in pieces of 1, 7 and 1,000 bytes through the whole stream.
    for (let cut = 1; cut < 400; cut++) expect(readAll(data, [cut]), `cut at ${cut}`).toEqual(expected);
    for (const size of [1, 7, 1000]) {
      const cuts = Array.from({ length: Math.ceil(data.length / size) - 1 }, (_, i) => (i + 1) * size);
      expect(readAll(data, cuts), `pieces of ${size}`).toEqual(expected);
    }
  });

  it("refuses a stream cut short (inside a row, or before the trailer) and bytes that are not binary COPY", async () => {
    const data = await copyBinary(SQL);
    for (const end of [5, 30, data.length - 40, data.length - 2]) {
      expect(() => readAll(data.subarray(0, end), []), `cut at ${end}`).toThrow(/ended before its trailer/);
    }
    expect(() => readAll(Buffer.from("n,label\n1,plain\n", "utf8"), [])).toThrow(
      /not PostgreSQL binary COPY/,
    );
    expect(() => readAll(Buffer.concat([data, Buffer.from([0, 1])]), [])).toThrow(/after its trailer/);
  });

  it("reads a stream of no rows", async () => {
    expect(readAll(await copyBinary(`${SQL.replace("ORDER BY", "WHERE false ORDER BY")}`), [])).toEqual([]);
  });
});

describe("CopyRow", () => {
  it("reads NULL-able integers, refuses NULL where a value is expected, and compares spans holding a NULL", async () => {
    const data = await copyBinary(
      `SELECT * FROM (VALUES (1, NULL::int, 'a'), (2, 5, 'a'), (3, NULL::int, 'a')) AS t(k, v, s) ORDER BY k`,
    );
    const seen: { v: number | null; sameAsFirst: boolean }[] = [];
    let first: Buffer | null = null;
    const reader = new CopyBinaryReader((row) => {
      if (row.int32(0) === 1) {
        expect(() => row.int32(1)).toThrow(/field 1 is NULL/);
        first = row.copySpan(1, 2);
      }
      seen.push({ v: row.int32OrNull(1), sameAsFirst: row.sameSpan(first as Buffer, 1, 2) });
    });
    reader.push(data);
    reader.end();
    expect(seen).toEqual([
      { v: null, sameAsFirst: true },
      { v: 5, sameAsFirst: false },
      { v: null, sameAsFirst: true },
    ]);
  });
});
