import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type JoinStrategy, RougeThresholdJoin } from "@/lib/rouge/threshold-join";
import { rougeTokens } from "@/lib/rouge/tokenize";
import { NEAR_DUPLICATE_THRESHOLD, nearDuplicateFinder } from "@/lib/seeds/near-duplicates";
import type { PlannedRow } from "./canonical";
import { Pacer } from "./pacer";
import type { DuplicateRow, NearDuplicateRow } from "./types";

// Hashes looked up per query: building the query (its array parameter) is work the event loop waits for,
// about 3 ms for a thousand, 12 for five thousand.
const CHUNK = 1_000;

/**
 * Exact duplicates (same content hash as a stored task, or as an earlier row of the file) are reported and
 * skipped: importing the same file twice creates nothing the second time.
 */
export async function splitDuplicates(
  rows: PlannedRow[],
  tx: Pick<Prisma.TransactionClient, "$queryRaw">,
  pacer = new Pacer(),
): Promise<{ fresh: PlannedRow[]; duplicates: DuplicateRow[] }> {
  await pacer.phase("duplicates", rows.length);
  const distinct = new Set<string>();
  for (const row of rows) {
    distinct.add(row.hash);
    if (pacer.due()) await pacer.pause();
  }
  const hashes = [...distinct];
  const stored = new Map<string, string>();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    // One array parameter: Prisma's `in` with thousands of values takes tens of milliseconds to build.
    const found = await tx.$queryRaw<{ id: string; contentHash: string }[]>`
      SELECT id, "contentHash" FROM "SeedTask"
       WHERE "contentHash" = ANY(${hashes.slice(i, i + CHUNK)}::text[])
       ORDER BY "createdAt" ASC, id ASC`;
    for (const f of found) if (!stored.has(f.contentHash)) stored.set(f.contentHash, f.id);
    if (pacer.due()) await pacer.pause();
  }
  const firstLine = new Map<string, number>();
  const fresh: PlannedRow[] = [];
  const duplicates: DuplicateRow[] = [];
  for (const [done, row] of rows.entries()) {
    if (pacer.due()) await pacer.pause(done);
    const ref = { line: row.line, row: row.row, instruction: row.fields.instruction };
    const existingId = stored.get(row.hash);
    const sameAsLine = firstLine.get(row.hash);
    if (existingId) duplicates.push({ ...ref, existingId });
    else if (sameAsLine !== undefined) duplicates.push({ ...ref, sameAsLine });
    else {
      firstLine.set(row.hash, row.line);
      fresh.push(row);
    }
  }
  return { fresh, duplicates };
}

// Up to this many rows, stored tasks are looked up in the process's synced index (kept for the editor's
// live check: nothing to load, a query costs about a millisecond per 50,000 stored tasks). Beyond it, the
// stored tasks are read for the import and joined with the rows (a second or so per 100,000 tasks).
const FEW_ROWS = 1_000;
const PAGE = 5_000;

/**
 * Near-duplicates (ROUGE-L F1 above 0.7 on the instruction) are flagged, not skipped: against the stored
 * tasks, and against earlier rows of the same file. The higher of the two is reported (the stored task on a
 * tie); among stored tasks scoring the same, the smallest id, among rows, the earliest.
 *
 * Exact, and close to linear on real text: the rows (and the stored tasks) go into a ROUGE-L similarity join
 * with the threshold (lib/rouge/threshold-join.ts), which compares a row only with the earlier texts sharing
 * one of its rarest words, instead of scoring each row against every text that shares any word with it.
 */
export async function flagNearDuplicates(
  rows: PlannedRow[],
  pacer = new Pacer(),
  strategy: JoinStrategy = "auto",
): Promise<NearDuplicateRow[]> {
  await pacer.phase("near-duplicates", rows.length);
  const few = rows.length <= FEW_ROWS;
  const cached = few ? await nearDuplicateFinder(NEAR_DUPLICATE_THRESHOLD) : null;
  const stored = few ? [] : await storedInstructions(pacer);
  const join = new RougeThresholdJoin(NEAR_DUPLICATE_THRESHOLD, strategy);
  for (const texts of [stored.map((s) => s.instruction), rows.map((r) => r.fields.instruction)]) {
    for (const text of texts) {
      join.push(rougeTokens(text));
      if (pacer.due()) await pacer.pause();
    }
  }
  join.seal();
  for (let s = 0; s < stored.length; s++) {
    join.add(s);
    if (pacer.due()) await pacer.pause();
  }

  const flagged: NearDuplicateRow[] = [];
  for (const [i, row] of rows.entries()) {
    if (pacer.due()) await pacer.pause(i);
    const text = row.fields.instruction;
    const db = cached?.(text) ?? null;
    // A match must beat the stored task's score (equal: the stored task is reported).
    const best = join.best(stored.length + i, Math.max(NEAR_DUPLICATE_THRESHOLD, db?.score ?? 0));
    join.add(stored.length + i);
    const ref = { line: row.line, row: row.row, instruction: text };
    if (best && best.doc >= stored.length) {
      const other = rows[best.doc - stored.length] as PlannedRow;
      flagged.push({
        ...ref,
        score: best.score,
        similar: { line: other.line, instruction: other.fields.instruction },
      });
    } else if (best) {
      const s = stored[best.doc] as StoredTask;
      flagged.push({ ...ref, score: best.score, similar: { id: s.id, instruction: s.instruction } });
    } else if (db) {
      flagged.push({ ...ref, score: db.score, similar: { id: db.id, instruction: db.instruction } });
    }
  }
  return flagged;
}

type StoredTask = { id: string; instruction: string };

/** Stored tasks (archived ones left out), in id order (code points), as the synced index breaks ties. */
async function storedInstructions(pacer: Pacer): Promise<StoredTask[]> {
  const out: StoredTask[] = [];
  for (let after = ""; ; ) {
    const page = await db.$queryRaw<StoredTask[]>`
      SELECT id, instruction FROM "SeedTask"
       WHERE status <> 'ARCHIVED' AND id COLLATE "C" > ${after}
       ORDER BY id COLLATE "C" LIMIT ${PAGE}`;
    out.push(...page);
    if (pacer.due()) await pacer.pause();
    if (page.length < PAGE) return out;
    after = (page.at(-1) as StoredTask).id;
  }
}
