import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SeedStatusName } from "@/lib/model/seed-status";
import type { SourceKind } from "@/lib/model/source-kinds";
import { seedListConditions } from "./list";
import type { SeedView } from "./types";

// The API's seed list: keyset paging on (updatedAt desc, id desc), which the SeedTask_updatedAt_id index
// serves directly, so page 1,000 costs what page 1 does (the UI's OFFSET paging does not). A task edited
// while a client pages moves to the front: it is not seen twice, but it may be missed until the next sync.

export type SeedCursorQuery = {
  limit: number;
  cursor?: string;
  status?: SeedStatusName[];
  difficulty?: number[];
  topic?: string;
  view?: string;
  type?: string;
  author?: string;
  q?: string;
  /** provenance and licence (issue 15) */
  source?: SourceKind;
  licence?: string;
};

type Position = { updatedAt: Date; id: string };

/** Opaque to clients: base64url of the last row's updatedAt and id. */
export function encodeSeedCursor(row: Position): string {
  return Buffer.from(JSON.stringify([row.updatedAt.toISOString(), row.id])).toString("base64url");
}

export function decodeSeedCursor(cursor: string): Position {
  const bad = () =>
    new AppError("INVALID", "The cursor is not one this API gave out: pass nextCursor back unchanged.", {
      cursor: ["Not a valid cursor"],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw bad();
  const [at, id] = parsed as unknown[];
  const updatedAt = typeof at === "string" ? new Date(at) : new Date(Number.NaN);
  if (Number.isNaN(updatedAt.getTime()) || typeof id !== "string" || !id) throw bad();
  return { updatedAt, id };
}

export async function listSeedsByCursor(
  q: SeedCursorQuery,
): Promise<{ rows: SeedView[]; nextCursor: string | null }> {
  const conds = seedListConditions({ ...q, status: q.status ?? [], difficulty: q.difficulty ?? [] });
  if (q.cursor) {
    const after = decodeSeedCursor(q.cursor);
    // updatedAt is timestamp(3) without time zone, holding UTC; the ISO text cast keeps the milliseconds.
    conds.push(
      Prisma.sql`(s."updatedAt", s."id") < (${after.updatedAt.toISOString()}::timestamp(3), ${after.id})`,
    );
  }
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
  // One row more than asked tells whether there is a next page without counting.
  const rows = await db.$queryRaw<SeedView[]>`
    SELECT s."id", s."instruction", s."input", s."output", s."topic", s."view", s."taskType", s."difficulty",
           s."note", s."status"::text AS "status", s."version", s."authorId", s."createdAt", s."updatedAt",
           u."email" AS "authorEmail", u."name" AS "authorName",
           s."sourceKind", s."citation", s."citationUrl", s."licence", s."adapted"
    FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId"
    ${where}
    ORDER BY s."updatedAt" DESC, s."id" DESC
    LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > q.limit && last ? encodeSeedCursor(last) : null };
}
