import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { RougeIndex } from "@/lib/rouge";
import { NEAR_DUPLICATE_THRESHOLD, nearDuplicatesOf } from "@/lib/seeds/near-duplicates";
import type { PlannedRow } from "./canonical";
import type { DuplicateRow, NearDuplicateRow } from "./types";

const CHUNK = 5_000;

/**
 * Exact duplicates (same content hash as a stored task, or as an earlier row of the file) are reported and
 * skipped: importing the same file twice creates nothing the second time.
 */
export async function splitDuplicates(
  rows: PlannedRow[],
  tx: Pick<Prisma.TransactionClient, "seedTask">,
): Promise<{ fresh: PlannedRow[]; duplicates: DuplicateRow[] }> {
  const hashes = [...new Set(rows.map((r) => r.hash))];
  const stored = new Map<string, string>();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const found = await tx.seedTask.findMany({
      where: { contentHash: { in: hashes.slice(i, i + CHUNK) } },
      select: { id: true, contentHash: true },
      orderBy: { createdAt: "asc" },
    });
    for (const f of found) if (!stored.has(f.contentHash)) stored.set(f.contentHash, f.id);
  }
  const firstLine = new Map<string, number>();
  const fresh: PlannedRow[] = [];
  const duplicates: DuplicateRow[] = [];
  for (const row of rows) {
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

/**
 * Near-duplicates (ROUGE-L F1 above 0.7 on the instruction) are flagged, not skipped: against the stored
 * tasks, and against earlier rows of the same file. The higher of the two is reported.
 */
export async function flagNearDuplicates(rows: PlannedRow[]): Promise<NearDuplicateRow[]> {
  const texts = rows.map((r) => r.fields.instruction);
  const stored = await nearDuplicatesOf(texts, NEAR_DUPLICATE_THRESHOLD);
  const inFile = new RougeIndex();
  const flagged: NearDuplicateRow[] = [];
  rows.forEach((row, i) => {
    const text = texts[i] as string;
    const earlier = inFile.maxAbove(text, NEAR_DUPLICATE_THRESHOLD);
    inFile.add(String(i), text);
    const db = stored[i];
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
