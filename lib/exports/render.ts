import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { type SourceLine, type SourcesSummary, summariseSources } from "@/lib/provenance/summary";
import type { ExportFilter, ExportFormatName } from "@/lib/validation/export";
import { type ExportRow, FORMATS } from "./formats";

const pickSourceLine = (r: ExportRow) => ({
  sourceKind: r.sourceKind,
  licence: r.licence,
  citation: r.citation,
  citationUrl: r.citationUrl,
  adapted: r.adapted,
});

export type ExportScope = "APPROVED" | "ALL";
export type RenderSink = {
  write: (bytes: Buffer) => Promise<void>;
  rows?: (rows: { id: string; version: number }[]) => Promise<void>;
};
export type RenderResult = { count: number; bytes: number; sha256: string; sources: SourcesSummary };

const PAGE = 2_000;
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

type Tx = Pick<typeof db, "$queryRaw" | "$executeRaw">;

/**
 * Renders the matching seeds in a format through a server-side cursor (one sort, fetched 2,000 rows at a
 * time: constant memory whatever the count), handing the bytes to the sink in pieces of about 256 KB and
 * hashing them on the way. Runs in the caller's transaction (give REPEATABLE READ for a consistent
 * snapshot), or in one of its own.
 */
export async function renderExport(
  format: ExportFormatName,
  filter: ExportFilter,
  scope: ExportScope,
  sink: RenderSink,
  tx?: Tx,
): Promise<RenderResult> {
  if (!tx)
    return db.$transaction((own) => renderExport(format, filter, scope, sink, own), { timeout: 300_000 });
  const f = FORMATS[format];
  const hash = createHash("sha256");
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let bytes = 0;
  const emit = async (text: string, force = false) => {
    if (text) {
      const b = Buffer.from(text, "utf8");
      pending.push(b);
      pendingSize += b.length;
    }
    if (pendingSize && (force || pendingSize >= FLUSH_AT)) {
      const chunk = Buffer.concat(pending);
      pending = [];
      pendingSize = 0;
      hash.update(chunk);
      bytes += chunk.length;
      await sink.write(chunk);
    }
  };

  await tx.$executeRaw`
    DECLARE medseed_export NO SCROLL CURSOR FOR
      SELECT s."id", s."version", s."status"::text AS "status", s."instruction", s."input", s."output", s."topic", s."view",
             s."taskType", s."difficulty", s."note", u."email" AS "authorEmail", s."createdAt", s."updatedAt",
             s."sourceKind", s."citation", s."citationUrl", s."licence", s."adapted"
      FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId"
      WHERE ${where(filter, scope)}
      ORDER BY ${f.order}`;
  await emit(f.head);
  let count = 0;
  const sources = new Map<string, SourceLine>();
  for (;;) {
    const rows = await tx.$queryRaw<ExportRow[]>`FETCH ${Prisma.raw(String(PAGE))} FROM medseed_export`;
    for (const r of rows) {
      await emit((count ? f.sep : "") + f.row(r, count));
      count++;
      const k = `${r.sourceKind}\u0000${r.licence}\u0000${r.citation}\u0000${r.citationUrl}\u0000${r.adapted}`;
      const line = sources.get(k);
      if (line) line.seeds++;
      else sources.set(k, { ...pickSourceLine(r), seeds: 1 });
    }
    await sink.rows?.(rows.map((r) => ({ id: r.id, version: r.version })));
    if (rows.length < PAGE) break;
  }
  await tx.$executeRaw`CLOSE medseed_export`;
  await emit(f.tail(count), true);
  return { count, bytes, sha256: hash.digest("hex"), sources: summariseSources(sources.values()) };
}
