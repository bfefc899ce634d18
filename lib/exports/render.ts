import "server-only";
import { createHash } from "node:crypto";
import { pgPool } from "@/lib/db/pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ExportFilter, ExportFormatName } from "@/lib/validation/export";
import { type ExportRow, FORMATS } from "./formats";

export type ExportScope = "APPROVED" | "ALL";
export type RenderSink = { write: (bytes: Buffer) => Promise<void> };
export type RenderResult = { count: number; bytes: number; sha256: string };

const PAGE = 5_000;
const FLUSH_AT = 256 * 1024;

function where(filter: ExportFilter, scope: ExportScope): Prisma.Sql {
  const c: Prisma.Sql[] = [
    scope === "APPROVED" ? Prisma.sql`s."status" = 'APPROVED'` : Prisma.sql`s."status" <> 'ARCHIVED'`,
  ];
  if (filter.topic) c.push(Prisma.sql`s."topic" = ${filter.topic}`);
  if (filter.view) c.push(Prisma.sql`s."view" = ${filter.view}`);
  if (filter.type) c.push(Prisma.sql`s."taskType" = ${filter.type}`);
  if (filter.difficulty.length) c.push(Prisma.sql`s."difficulty" IN (${Prisma.join(filter.difficulty)})`);
  return Prisma.join(c, " AND ");
}

/** The FROM ... WHERE of an export: the rows it holds (joined to their author, whom JSONL names). */
export function exportSource(filter: ExportFilter, scope: ExportScope): Prisma.Sql {
  return Prisma.sql`FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId" WHERE ${where(filter, scope)}`;
}

/**
 * Renders the matching seeds in a format, handing the bytes to the sink in pieces of about 256 KB and
 * hashing them on the way. Rows come through a server-side cursor on a node-postgres connection (one sort,
 * 5,000 rows a fetch; dates only for the format that shows
 * them): memory is flat in the number of seeds, and no ORM object is made per row. `snapshot` (from pg_export_snapshot() in the caller's
 * REPEATABLE READ transaction) makes the rows those the caller sees; without it, a snapshot of its own.
 */
export async function renderExport(
  format: ExportFormatName,
  filter: ExportFilter,
  scope: ExportScope,
  sink: RenderSink,
  opts: { snapshot?: string } = {},
): Promise<RenderResult> {
  const f = FORMATS[format];
  const hash = createHash("sha256");
  let pending: string[] = [];
  let pendingSize = 0;
  let bytes = 0;
  const flush = async () => {
    if (!pending.length) return;
    const chunk = Buffer.from(pending.join(""), "utf8");
    pending = [];
    pendingSize = 0;
    hash.update(chunk);
    bytes += chunk.length;
    await sink.write(chunk);
  };
  // Flushed by string length (UTF-16 units): close enough to 256 KB of bytes, without encoding each row twice.
  const emit = async (text: string) => {
    if (!text) return;
    pending.push(text);
    pendingSize += text.length;
    if (pendingSize >= FLUSH_AT) await flush();
  };

  const cursor = Prisma.sql`
    DECLARE medseed_export NO SCROLL CURSOR FOR
      SELECT s."id", s."version", s."status"::text AS "status", s."instruction", s."input", s."output", s."topic", s."view",
             s."taskType", s."difficulty", s."note",
             ${format === "jsonl" ? Prisma.sql`u."email" AS "authorEmail", s."createdAt", s."updatedAt"` : Prisma.sql`NULL AS "authorEmail"`}
      ${exportSource(filter, scope)}
      ORDER BY ${f.order}`;
  const client = await pgPool().connect();
  let count = 0;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (opts.snapshot) await client.query(`SET TRANSACTION SNAPSHOT '${opts.snapshot.replace(/'/g, "''")}'`);
    await client.query(cursor.text, cursor.values);
    await emit(f.head);
    for (;;) {
      const { rows } = await client.query<ExportRow>(`FETCH ${PAGE} FROM medseed_export`);
      for (const r of rows) {
        await emit((count ? f.sep : "") + f.row(r, count));
        count++;
      }
      if (rows.length < PAGE) break;
    }
    await client.query("COMMIT");
    client.release();
  } catch (e) {
    client.release(e instanceof Error ? e : true); // dropped, not reused half-way through a cursor
    throw e;
  }
  await emit(f.tail(count));
  await flush();
  return { count, bytes, sha256: hash.digest("hex") };
}
