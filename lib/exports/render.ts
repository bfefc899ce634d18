import "server-only";
import { createHash } from "node:crypto";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import Cursor from "pg-cursor";
import { db } from "@/lib/db";
import { CopyBinaryReader, type CopyField } from "@/lib/db/copy-binary";
import { pgPool } from "@/lib/db/pg";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PhiFinding } from "@/lib/phi/categories";
import { describeUnresolved, recordResolutions, unresolvedFindingsMany } from "@/lib/phi/resolutions";
import { type SourcesSummary, summariseSources } from "@/lib/provenance/summary";
import type { ExportFilter, ExportFormatName } from "@/lib/validation/export";
import { type ExportRow, FORMATS } from "./formats";

export type ExportScope = "APPROVED" | "ALL";
export type RenderSink = {
  write: (bytes: Buffer) => Promise<void>;
  /** The rendered rows' ids and revisions, in file order, a page (about 5,000) at a time, each page handed
   *  over once the previous one's promise settled: for the caller's item list. */
  items?: (ids: string[], versions: number[]) => Promise<void>;
};
export type RenderResult = {
  count: number;
  bytes: number;
  sha256: string;
  sources: SourcesSummary;
  /** PHI findings resolved as accepted by this export (--accept-phi) */
  phiAccepted: number;
};

/**
 * PHI screening (issue 15): by default an export holding a seed with an unresolved finding is refused, naming
 * them (nothing is written: the caller's transaction and file are abandoned). With `accept` the remaining
 * findings are resolved as accepted by that user with that reason (audited), in the export's transaction.
 */
export type ExportPhiPolicy = { accept?: { reason: string; actorId: string } };

const SHOWN_REFUSALS = 5;

function phiRefusal(refused: { id: string; instruction: string; findings: PhiFinding[] }[]): AppError {
  const named = refused
    .slice(0, SHOWN_REFUSALS)
    .map(
      (r) =>
        `seed ${r.id} ("${r.instruction.slice(0, 40)}${r.instruction.length > 40 ? "..." : ""}"): ${describeUnresolved(r.findings, 2)}`,
    )
    .join("; ");
  const more = refused.length > SHOWN_REFUSALS ? `; and ${refused.length - SHOWN_REFUSALS} more seeds` : "";
  return new AppError(
    "CONFLICT",
    `Not exported: ${refused.length === 1 ? "1 seed task holds" : `${refused.length} seed tasks hold`} possible patient identifiers nobody resolved: ${named}${more}. Have the author replace them with placeholders or a reviewer mark them "not PHI", or accept them knowingly (command line: export --accept-phi "REASON").`,
  );
}

const PAGE = 5_000;

/** A query with its parameters written in as literals (node-postgres's escaping), for COPY, which takes none. */
function copySql(query: Prisma.Sql, client: pg.PoolClient): string {
  return query.strings.reduce((sql, piece, i) => {
    if (i === 0) return piece;
    const value = query.values[i - 1];
    let literal: string;
    if (typeof value === "string") literal = client.escapeLiteral(value);
    else if (typeof value === "number" && Number.isFinite(value)) literal = String(value);
    else throw new Error(`copySql: a ${typeof value} parameter cannot be written as a literal`);
    return sql + literal + piece;
  }, "");
}
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

/**
 * The open PHI findings of the export's rows, in the file's order: only rows whose revision no approval found
 * clear are screened (seeds approved before screening, imported as approved, or not approved in scope ALL), read
 * through a cursor in the caller's transaction 2,000 at a time, so memory stays flat however many there are.
 * With `accept` they are resolved as accepted in that transaction; otherwise they come back to be refused.
 */
async function screen(
  tx: Prisma.TransactionClient,
  from: Prisma.Sql,
  order: Prisma.Sql,
  phi: ExportPhiPolicy,
): Promise<{ refused: { id: string; instruction: string; findings: PhiFinding[] }[]; accepted: number }> {
  await tx.$executeRaw`
    DECLARE medseed_export_screen NO SCROLL CURSOR FOR
      SELECT s."id", s."instruction", s."input", s."output"
      ${from} AND s."phiClearVersion" IS DISTINCT FROM s."version"
      ORDER BY ${order}`;
  const refused: { id: string; instruction: string; findings: PhiFinding[] }[] = [];
  let accepted = 0;
  for (;;) {
    const rows = await tx.$queryRaw<
      { id: string; instruction: string; input: string; output: string }[]
    >`FETCH 2000 FROM medseed_export_screen`;
    for (const [id, findings] of await unresolvedFindingsMany(rows, tx)) {
      if (phi.accept)
        accepted += await recordResolutions(tx, {
          targetType: "seed",
          targetId: id,
          findings,
          decision: "ACCEPTED",
          reason: phi.accept.reason,
          actorId: phi.accept.actorId,
        });
      else refused.push({ id, instruction: rows.find((r) => r.id === id)?.instruction ?? "", findings });
    }
    if (rows.length < 2000) break;
  }
  await tx.$executeRaw`CLOSE medseed_export_screen`;
  return { refused, accepted };
}

/**
 * Renders the matching seeds in a format, handing the bytes to the sink in pieces of about 256 KB and hashing
 * them on the way. Runs in the caller's transaction (give REPEATABLE READ: the rows screened, counted and
 * rendered are then the same), or in one of its own.
 *
 * First the PHI check (only the unscreened rows, see `screen`): a refusal is thrown before any byte is written.
 * Then the rows are read through a server-side cursor on a plain node-postgres connection (lib/db/pg.ts) that
 * imports the transaction's snapshot (pg_export_snapshot), 5,000 a fetch with the next fetch under way while a
 * page is laid out: no ORM object per row, memory flat in the number of seeds. The JSON formats come laid out
 * by PostgreSQL (formats.ts `sql`), each row as an array (text, id, revision, source). The rows are sorted once,
 * by this query: the item list (sink.items) and the sources summary are taken from the same rows on the way.
 */
export async function renderExport(
  format: ExportFormatName,
  filter: ExportFilter,
  scope: ExportScope,
  sink: RenderSink,
  tx?: Prisma.TransactionClient,
  phi: ExportPhiPolicy = {},
): Promise<RenderResult> {
  if (!tx)
    return db.$transaction(
      async (own) => {
        await own.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`;
        return renderExport(format, filter, scope, sink, own, phi);
      },
      { timeout: 300_000 },
    );
  const f = FORMATS[format];
  const from = Prisma.sql`FROM "SeedTask" s WHERE ${where(filter, scope)}`;

  const { refused, accepted } = await screen(tx, from, f.order, phi);
  if (refused.length) throw phiRefusal(refused);

  const [{ snapshot }] = await tx.$queryRaw<[{ snapshot: string }]>`SELECT pg_export_snapshot() AS snapshot`;
  // The sources summary, counted on the way from the rows' five source columns, keyed by them as a JSON array
  // decoded once per distinct source (a GROUP BY beside the render scanned and hashed the seeds a second time;
  // PostgreSQL building that array itself, json_build_array, cost 0.1 s of its CPU per 50,000 seeds).
  const sourceCounts = new Map<string, number>();
  const countSource = (key: string) => sourceCounts.set(key, (sourceCounts.get(key) ?? 0) + 1);
  // The item list, a page at a time (one page in hand while the next is read).
  let listing: Promise<void> = Promise.resolve();
  const list = async (ids: string[], versions: number[]) => {
    if (!sink.items || !ids.length) return;
    await listing;
    listing = sink.items(ids, versions);
    listing.catch(() => {}); // awaited on the next page or at the end
  };

  const hash = createHash("sha256");
  // Text laid out here (head, tail, the CSV and Self-Instruct rows) is gathered as strings and encoded once a
  // run; rows PostgreSQL laid out arrive as UTF-8 bytes and are kept as they are.
  let text: string[] = [];
  let parts: Buffer[] = [];
  let pendingSize = 0;
  let bytes = 0;
  const seal = () => {
    if (!text.length) return;
    parts.push(Buffer.from(text.join(""), "utf8"));
    text = [];
  };
  // One piece in the sink's hands while the next is laid out: its compression (zlib's thread pool) overlaps
  // the reading instead of holding it up.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    seal();
    if (!parts.length) return;
    const chunk = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    parts = [];
    pendingSize = 0;
    hash.update(chunk);
    bytes += chunk.length;
    await writing;
    writing = sink.write(chunk);
    writing.catch(() => {}); // awaited on the next flush or at the end
  };
  // Flushed by size (a string counted in UTF-16 units): near enough 256 KB, without encoding each row on its own.
  const emit = async (piece: string) => {
    if (!piece) return;
    text.push(piece);
    pendingSize += piece.length;
    if (pendingSize >= FLUSH_AT) await flush();
  };
  const emitBytes = (piece: Buffer) => {
    seal();
    parts.push(piece);
    pendingSize += piece.length;
  };

  // Rows PostgreSQL lays out itself (formats.ts `sql`: the JSON formats) come as one text each; the others
  // (CSV, Self-Instruct) as the columns their layout needs.
  const query = Prisma.sql`
    SELECT ${
      f.sql
        ? Prisma.sql`${f.sql} AS "text", s."id", s."version",
            s."sourceKind", s."licence", s."citation", s."citationUrl", s."adapted"`
        : Prisma.sql`s."id", s."version", s."status"::text AS "status", s."instruction", s."input", s."output",
           s."topic", s."view", s."taskType", s."difficulty", s."note", NULL AS "authorEmail",
           s."sourceKind", s."citation", s."citationUrl", s."licence", s."adapted"`
    }
    FROM "SeedTask" s ${format === "jsonl" ? Prisma.sql`JOIN "User" u ON u."id" = s."authorId"` : Prisma.empty}
    WHERE ${where(filter, scope)}
    ORDER BY ${f.order}`;
  const client = await pgPool().connect();
  let count = 0;
  let ids: string[] = [];
  let versions: number[] = [];
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    await emit(f.head);
    if (f.sql) {
      // The laid-out rows through COPY in its binary format: unlike a cursor's fetches (which PostgreSQL plans
      // without parallel workers, and pays a round trip each), COPY sorts with both cores and streams; each row's
      // text goes into the file as the UTF-8 bytes it arrives as. 50,000 seeds on the 2-core bench machine: the
      // query 0.64-0.68 s through COPY, 0.97 s through a cursor fetching 5,000 at a time (the bench's baseline,
      // COPY of the plain columns as CSV, 0.56 s). COPY takes no parameters: the filter's values are inlined as
      // literals by node-postgres's escaping (copySql).
      const sep = Buffer.from(f.sep, "utf8");
      const utf8 = (field: CopyField | undefined) => {
        if (!field) throw new Error("export row with a NULL column");
        return field.toString("utf8");
      };
      const reader = new CopyBinaryReader(([text, id, version, kind, licence, citation, url, adapted]) => {
        if (!text || !id || !version || !adapted) throw new Error("export row with a NULL column");
        if (count) emitBytes(sep);
        emitBytes(text);
        ids.push(id.toString("utf8"));
        versions.push(version.readInt32BE(0));
        countSource(JSON.stringify([utf8(kind), utf8(licence), utf8(citation), utf8(url), adapted[0] === 1]));
        count++;
      });
      const stream = client.query(copyTo(`COPY (${copySql(query, client)}) TO STDOUT WITH (FORMAT binary)`));
      for await (const piece of stream as AsyncIterable<Buffer>) {
        reader.push(piece);
        if (pendingSize >= FLUSH_AT) await flush();
        if (ids.length >= PAGE) {
          await list(ids, versions);
          ids = [];
          versions = [];
        }
      }
      reader.end();
    } else {
      const cursor = client.query(new Cursor<ExportRow>(query.text, query.values));
      let next = cursor.read(PAGE);
      for (;;) {
        const rows = await next;
        if (!rows.length) break;
        next = cursor.read(PAGE); // fetched while this page is laid out and written
        next.catch(() => {}); // awaited on the next turn
        for (const r of rows) {
          await emit((count ? f.sep : "") + f.row(r, count));
          ids.push(r.id);
          versions.push(r.version);
          countSource(JSON.stringify([r.sourceKind, r.licence, r.citation, r.citationUrl, r.adapted]));
          count++;
        }
        await list(ids, versions);
        ids = [];
        versions = [];
      }
      await cursor.close();
    }
    await list(ids, versions);
    await client.query("COMMIT");
    client.release();
  } catch (e) {
    client.release(e instanceof Error ? e : true); // dropped, not reused half-way through a cursor or a COPY
    throw e;
  }
  await emit(f.tail(count));
  await flush();
  await writing;
  const sources = summariseSources(
    [...sourceCounts].map(([key, seeds]) => {
      const [sourceKind, licence, citation, citationUrl, adapted] = JSON.parse(key) as [
        string,
        string,
        string,
        string,
        boolean,
      ];
      return { sourceKind, licence, citation, citationUrl, adapted, seeds };
    }),
  );
  await listing;
  return { count, bytes, sha256: hash.digest("hex"), sources, phiAccepted: accepted };
}
