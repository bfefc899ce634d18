import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fFromLcs, lcsLength, RougeIndex, TokenInterner } from "@/lib/rouge";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { seedContentHash } from "@/lib/seeds/content-hash";
import type { PlannedRow } from "@/lib/seeds/import/canonical";
import { flagNearDuplicates } from "@/lib/seeds/import/duplicates";
import type { NearDuplicateRow } from "@/lib/seeds/import/types";
import { NEAR_DUPLICATE_THRESHOLD, nearDuplicateFinder } from "@/lib/seeds/near-duplicates";
import { UNKNOWN_SOURCE } from "@/lib/validation/source";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

// The near-duplicate pass became a similarity join (lib/rouge/threshold-join.ts) instead of one ROUGE-L
// index query per row against every text sharing a word. Its flags must be exactly those of the definition,
// and the same decisions as the pass it replaced, on files with many near-duplicates, ties included.

const WORDS = (
  "explain describe list the of a patient with acute chronic chest pain fever cough sepsis insulin dose " +
  "renal failure stroke asthma first line therapy risk child adult nurse"
).split(" ");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Instructions from a small vocabulary, many of them edited copies of earlier ones or of `base` texts. */
function instructions(count: number, seed: number, base: string[] = []): string[] {
  const r = rng(seed);
  const out: string[] = [];
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  for (let i = 0; i < count; i++) {
    const from = [...base, ...out];
    const roll = r();
    if (from.length && roll < 0.45) {
      const words = pick(from).split(" ");
      if (roll < 0.08)
        out.push(`${words.join(" ")}!`); // same tokens: a tie with its original
      else {
        words[Math.floor(r() * words.length)] = pick(WORDS);
        if (roll < 0.25) words.splice(Math.floor(r() * words.length), 0, pick(WORDS));
        out.push(words.join(" "));
      }
      continue;
    }
    const n = 3 + Math.floor(r() * 14);
    out.push(Array.from({ length: n }, () => pick(WORDS)).join(" "));
  }
  return out;
}

const planned = (texts: string[]): PlannedRow[] =>
  texts.map((instruction, i) => ({
    line: 2 * i + 1,
    row: i + 1,
    hash: seedContentHash(instruction, ""),
    fields: {
      instruction,
      input: "",
      output: "",
      topic: "",
      view: "",
      taskType: "",
      difficulty: null,
      note: "",
      ...UNKNOWN_SOURCE,
    },
  }));

/** The definition: every pair scored; stored ties to the smallest id, row ties to the earliest line. */
function bruteForce(rows: PlannedRow[], stored: { id: string; instruction: string }[]): NearDuplicateRow[] {
  const interner = new TokenInterner();
  const tokens = (s: string) => interner.encode(rougeTokens(s));
  const f = (a: Int32Array, b: Int32Array) => fFromLcs(lcsLength(a, b), a.length, b.length);
  const storedTokens = stored.map((s) => ({ ...s, tokens: tokens(s.instruction) }));
  const rowTokens = rows.map((r) => tokens(r.fields.instruction));
  const out: NearDuplicateRow[] = [];
  rows.forEach((row, i) => {
    const mine = rowTokens[i] as Int32Array;
    let db: { id: string; instruction: string; score: number } | null = null;
    for (const s of storedTokens) {
      const score = f(mine, s.tokens);
      if (score <= NEAR_DUPLICATE_THRESHOLD) continue;
      if (!db || score > db.score || (score === db.score && s.id < db.id)) db = { ...s, score };
    }
    let earlier: { j: number; score: number } | null = null;
    for (let j = 0; j < i; j++) {
      const score = f(mine, rowTokens[j] as Int32Array);
      if (score > NEAR_DUPLICATE_THRESHOLD && (!earlier || score > earlier.score)) earlier = { j, score };
    }
    const ref = { line: row.line, row: row.row, instruction: row.fields.instruction };
    if (db && (!earlier || db.score >= earlier.score)) {
      out.push({ ...ref, score: db.score, similar: { id: db.id, instruction: db.instruction } });
    } else if (earlier) {
      const other = rows[earlier.j] as PlannedRow;
      out.push({
        ...ref,
        score: earlier.score,
        similar: { line: other.line, instruction: other.fields.instruction },
      });
    }
  });
  return out;
}

/** The pass as it was before the join (commit d3f2107), for the decisions it made. */
async function previousPass(rows: PlannedRow[]): Promise<NearDuplicateRow[]> {
  const find = await nearDuplicateFinder(NEAR_DUPLICATE_THRESHOLD);
  const inFile = new RougeIndex();
  const flagged: NearDuplicateRow[] = [];
  rows.forEach((row, i) => {
    const text = row.fields.instruction;
    const earlier = inFile.maxAbove(text, NEAR_DUPLICATE_THRESHOLD);
    inFile.add(String(i), text);
    const db = find(text);
    const ref = { line: row.line, row: row.row, instruction: text };
    if (db && (!earlier || db.score >= earlier.score)) {
      flagged.push({ ...ref, score: db.score, similar: { id: db.id, instruction: db.instruction } });
    } else if (earlier) {
      const other = rows[Number(earlier.id)] as PlannedRow;
      flagged.push({
        ...ref,
        score: earlier.score,
        similar: { line: other.line, instruction: other.fields.instruction },
      });
    }
  });
  return flagged;
}

async function storeSeeds(texts: string[], archivedEvery: number) {
  const author = await makeUser();
  const data = texts.map((instruction, i) => ({
    // Ids not in insertion order, so that "smallest id" is not "stored first".
    id: `s${String((i * 7919) % 10_007).padStart(5, "0")}-${i}`,
    instruction,
    contentHash: seedContentHash(instruction, `stored ${i}`),
    authorId: author.id,
    status: i % archivedEvery === 0 ? ("ARCHIVED" as const) : ("DRAFT" as const),
  }));
  await db.seedTask.createMany({ data });
  return data.filter((d) => d.status !== "ARCHIVED").map((d) => ({ id: d.id, instruction: d.instruction }));
}

describe("near-duplicate flags of an import", () => {
  it("are those of the definition and of the previous pass, for a small file and a large one", async () => {
    const storedTexts = instructions(240, 1);
    // Two stored tasks with the same tokens: a tie the smallest id must win.
    storedTexts.push(`${storedTexts[3]}?`, `${storedTexts[3]} .`);
    const stored = await storeSeeds(storedTexts, 9);

    // 400 rows: stored tasks from the process's synced index; 1,400: read and joined with the rows.
    for (const [count, seed] of [
      [400, 2],
      [1_400, 3],
    ] as const) {
      const rows = planned(instructions(count, seed, storedTexts));
      const flagged = await flagNearDuplicates(rows);
      // Whichever way the join searches (prefixes of rare words, or counting shared words), the same flags.
      expect(await flagNearDuplicates(rows, undefined, "prefix")).toEqual(flagged);
      expect(await flagNearDuplicates(rows, undefined, "count")).toEqual(flagged);
      const expected = bruteForce(rows, stored);
      expect(flagged.length, `${count} rows`).toBeGreaterThan(count / 5);
      expect(flagged.filter((f) => f.similar.id).length).toBeGreaterThan(20);
      expect(flagged.filter((f) => f.similar.line).length).toBeGreaterThan(20);
      expect(flagged).toEqual(expected);

      // Same decisions as before: the same rows flagged, with the same score against the same stored task.
      // A row may now name an earlier line where the old pass named another line scoring the same (it broke
      // ties by the row's position as a string: row "10" before row "9").
      const before = await previousPass(rows);
      expect(flagged.map((f) => [f.line, f.score, f.similar.id ?? "row"])).toEqual(
        before.map((f) => [f.line, f.score, f.similar.id ?? "row"]),
      );
    }
  }, 120_000);
});
