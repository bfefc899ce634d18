import "server-only";
import { createHash } from "node:crypto";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { db } from "@/lib/db";
import { CopyBinaryReader, type CopyRow } from "@/lib/db/copy-binary";
import { pgPool } from "@/lib/db/pg";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PhiFinding } from "@/lib/phi/categories";
import { findingKey } from "@/lib/phi/finding-key";
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
export type ExportPhiPolicy = {
  /** `seen`: the refusal's fingerprint the person accepting was shown (the Exports page); when the findings
   *  open now differ (a seed approved or edited since), nothing is accepted and the new refusal comes back */
  accept?: { reason: string; actorId: string; seen?: string };
};

type Refused = { id: string; instruction: string; findings: PhiFinding[] };
/** What the export's screen reads of a seed: every screened field, the note too (in the JSONL and CSV files;
 *  a seed's screen is the same whatever the format, as approval's is). */
type ScreenRow = { id: string; instruction: string; input: string; output: string; note: string };

/** The seeds with open findings an export met: how many, the first of them, and what they all were. */
type Screened = {
  total: number;
  /** the first LISTED_REFUSALS, in the export's order (what a refusal names and lists) */
  listed: Refused[];
  /**
   * Every such seed with its open findings (each once), in the export's order, as one SHA-256: accepting
   * "these" from a page accepts exactly what the page showed.
   */
  fingerprint: string;
};

/** Seeds named in the message (the command line, REST) and listed, each linked, on the Exports page. */
const SHOWN_REFUSALS = 5;
const LISTED_REFUSALS = 50;

/** The first `max` characters (whole code points), "…" after when cut. */
const start = (text: string, max: number) => {
  const points = [...text];
  return points.length > max ? `${points.slice(0, max).join("")}…` : text;
};

function phiRefusal({ total, listed, fingerprint }: Screened, changed = false): AppError {
  const named = listed
    .slice(0, SHOWN_REFUSALS)
    .map(
      (r) =>
        `seed ${r.id} ("${r.instruction.slice(0, 40)}${r.instruction.length > 40 ? "..." : ""}"): ${describeUnresolved(r.findings, 2)}`,
    )
    .join("; ");
  const more = total > SHOWN_REFUSALS ? `; and ${total - SHOWN_REFUSALS} more seeds` : "";
  return new AppError(
    "CONFLICT",
    `${changed ? "Nothing was accepted: the findings open in this export changed since you looked (a seed was approved or edited meanwhile). " : ""}Not exported: ${total === 1 ? "1 seed task holds" : `${total} seed tasks hold`} possible patient identifiers nobody resolved: ${named}${more}. Have the author replace them with placeholders or a reviewer mark them "not PHI", or accept them knowingly (command line: export --accept-phi "REASON").`,
    undefined,
    {
      detail: {
        kind: "phi-unresolved",
        total,
        fingerprint,
        changed,
        seeds: listed.map((r) => ({
          id: r.id,
          instruction: start(r.instruction, 80),
          // once each (a name found twice in a field is one finding to resolve: finding-key.ts)
          findings: [
            ...new Map(
              r.findings.map(({ field, category, text }) => [
                findingKey({ field, category, text }),
                { field, category, text },
              ]),
            ).values(),
          ],
        })),
      },
    },
  );
}

const PAGE = 5_000;
const FLUSH_AT = 256 * 1024;

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

/** Up to this many unscreened seeds, a preview screens them itself, as the export would; more are left to it. */
export const PREVIEW_SCREEN_MAX = 200;

export type ExportPreview = {
  /** the seeds an export of this filter and scope would hold now: what its render reads (the same where) */
  seeds: number;
  /** of them, those no approval found clear of PHI (approved before screening, imported as approved): the
   *  export screens these as it is made */
  unscreened: number;
  /** of those, the ones holding a possible identifier nobody resolved: the export stops at them (null: more
   *  than PREVIEW_SCREEN_MAX to screen, left to the export) */
  withPhi: number | null;
};

/**
 * What an export of this filter would meet if made now, from one snapshot: its seeds, those it would screen
 * for PHI and, when those are few, how many it would refuse for an open finding (as `screen` does).
 */
export async function previewExportSeeds(filter: ExportFilter, scope: ExportScope): Promise<ExportPreview> {
  const w = where(filter, scope);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`;
    const [row] = await tx.$queryRaw<{ n: bigint; unscreened: bigint }[]>`
      SELECT count(*) AS n,
             count(*) FILTER (WHERE s."phiClearVersion" IS DISTINCT FROM s."version") AS unscreened
        FROM "SeedTask" s WHERE ${w}`;
    const seeds = Number(row?.n ?? 0);
    const unscreened = Number(row?.unscreened ?? 0);
    if (unscreened === 0 || unscreened > PREVIEW_SCREEN_MAX)
      return { seeds, unscreened, withPhi: unscreened ? null : 0 };
    const rows = await tx.$queryRaw<ScreenRow[]>`
      SELECT s."id", s."instruction", s."input", s."output", s."note" FROM "SeedTask" s
       WHERE ${w} AND s."phiClearVersion" IS DISTINCT FROM s."version"`;
    return { seeds, unscreened, withPhi: (await unresolvedFindingsMany(rows, tx)).size };
  });
}

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
 * through a cursor in the caller's transaction 2,000 at a time; of the seeds with findings only the first few
 * are kept (and a running fingerprint of all), so memory stays flat however many there are. With `accept` they
 * are resolved as accepted in that transaction as they come; if the fingerprint then differs from the one the
 * person was shown, the refusal is thrown and the transaction, rolled back, has accepted nothing.
 */
async function screen(
  tx: Prisma.TransactionClient,
  from: Prisma.Sql,
  order: Prisma.Sql,
  phi: ExportPhiPolicy,
): Promise<{ open: Screened; accepted: number }> {
  await tx.$executeRaw`
    DECLARE medseed_export_screen NO SCROLL CURSOR FOR
      SELECT s."id", s."instruction", s."input", s."output", s."note"
      ${from} AND s."phiClearVersion" IS DISTINCT FROM s."version"
      ORDER BY ${order}`;
  const accept = phi.accept;
  const hash = createHash("sha256");
  const listed: Refused[] = [];
  let total = 0;
  let accepted = 0;
  for (;;) {
    const rows = await tx.$queryRaw<ScreenRow[]>`FETCH 2000 FROM medseed_export_screen`;
    const instructionOf = new Map(rows.map((r) => [r.id, r.instruction]));
    for (const [id, findings] of await unresolvedFindingsMany(rows, tx)) {
      total++;
      hash.update(`${id}\u0001`);
      for (const key of [...new Set(findings.map(findingKey))].sort()) hash.update(`${key}\u0001`);
      hash.update("\u0002");
      if (listed.length < LISTED_REFUSALS)
        listed.push({ id, instruction: instructionOf.get(id) ?? "", findings });
      if (accept)
        accepted += await recordResolutions(tx, {
          targetType: "seed",
          targetId: id,
          findings,
          decision: "ACCEPTED",
          reason: accept.reason,
          actorId: accept.actorId,
        });
    }
    if (rows.length < 2000) break;
  }
  await tx.$executeRaw`CLOSE medseed_export_screen`;
  const open: Screened = { total, listed, fingerprint: hash.digest("hex") };
  if (accept?.seen !== undefined && total > 0 && accept.seen !== open.fingerprint)
    throw phiRefusal(open, true);
  return { open, accepted };
}

/**
 * Renders the matching seeds in a format, handing the bytes to the sink in pieces of about 256 KB and hashing
 * them on the way. Runs in the caller's transaction (give REPEATABLE READ: the rows screened, counted and
 * rendered are then the same), or in one of its own.
 *
 * First the PHI check (only the unscreened rows, see `screen`): a refusal is thrown before any byte is written.
 * Then the rows stream through binary COPY (lib/db/copy-binary.ts) on a plain node-postgres connection
 * (lib/db/pg.ts) that imports the transaction's snapshot (pg_export_snapshot), with backpressure: no ORM object
 * per row, memory flat in the number of seeds. The JSON formats come laid out by PostgreSQL (formats.ts `sql`),
 * the others as the columns their JavaScript layout needs. The rows are sorted once,
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

  const { open, accepted } = await screen(tx, from, f.order, phi);
  if (open.total && !phi.accept) throw phiRefusal(open);

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
  const addText = (piece: string) => {
    text.push(piece);
    pendingSize += piece.length;
  };
  const emit = async (piece: string) => {
    if (!piece) return;
    addText(piece);
    if (pendingSize >= FLUSH_AT) await flush();
  };
  const emitBytes = (piece: Buffer) => {
    seal();
    parts.push(piece);
    pendingSize += piece.length;
  };

  // Each row's id, revision and source columns, then the row as PostgreSQL laid it out (formats.ts `sql`: the JSON
  // formats) or the columns the format's JavaScript layout needs (CSV, Self-Instruct).
  const query = Prisma.sql`
    SELECT s."id", s."version", s."sourceKind", s."licence", s."citation", s."citationUrl", s."adapted", ${
      f.sql ??
      Prisma.sql`s."status"::text, s."instruction", s."input", s."output", s."topic", s."view", s."taskType",
            s."difficulty", s."note"`
    }
    FROM "SeedTask" s ${format === "jsonl" ? Prisma.sql`JOIN "User" u ON u."id" = s."authorId"` : Prisma.empty}
    WHERE ${where(filter, scope)}
    ORDER BY ${f.order}`;
  const sep = Buffer.from(f.sep, "utf8");
  let count = 0;
  let ids: string[] = [];
  let versions: number[] = [];
  // Rows mostly share their source: its five fields' bytes are compared with the last row's before decoding.
  let lastSource: Buffer | null = null;
  let lastSourceKey = "";
  let lastSourceValues: [string, string, string, string, boolean] = ["", "", "", "", false];
  const onRow = (c: CopyRow) => {
    const id = c.text(0);
    const version = c.int32(1);
    if (!lastSource || !c.sameSpan(lastSource, 2, 6)) {
      lastSource = c.copySpan(2, 6);
      lastSourceValues = [c.text(2), c.text(3), c.text(4), c.text(5), c.bool(6)];
      lastSourceKey = JSON.stringify(lastSourceValues);
    }
    countSource(lastSourceKey);
    if (f.sql) {
      if (count) emitBytes(sep);
      emitBytes(c.bytes(7));
    } else {
      // jsonl, the one format whose layout reads the author and the times, is laid out by PostgreSQL
      const row = {
        id,
        version,
        sourceKind: lastSourceValues[0],
        licence: lastSourceValues[1],
        citation: lastSourceValues[2],
        citationUrl: lastSourceValues[3],
        adapted: lastSourceValues[4],
        status: c.text(7),
        instruction: c.text(8),
        input: c.text(9),
        output: c.text(10),
        topic: c.text(11),
        view: c.text(12),
        taskType: c.text(13),
        difficulty: c.int32OrNull(14),
        note: c.text(15),
      } as ExportRow;
      addText((count ? f.sep : "") + f.row(row, count));
    }
    ids.push(id);
    versions.push(version);
    count++;
  };

  // The rows through COPY in its binary format, on a plain node-postgres connection that imports this transaction's
  // snapshot: unlike a cursor's fetches (which PostgreSQL plans without parallel workers, and pays a round trip
  // each), COPY sorts with both cores and streams. 50,000 seeds as AlpaCare JSON on the 2-core bench machine: the
  // query 0.64-0.68 s through COPY, 0.97 s through a cursor fetching 5,000 at a time (the bench's baseline, COPY of
  // the plain columns as CSV, 0.56 s). A laid-out row's text goes into the file as the UTF-8 bytes it arrives as.
  // COPY takes no parameters: the filter's values are written in as literals by node-postgres's escaping.
  const client = await pgPool("stream").connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    await emit(f.head);
    const reader = new CopyBinaryReader(onRow);
    // In flowing mode, each piece as it came off the socket (an async iterator's read() joins what is buffered
    // into a new Buffer: a copy of the whole file), paused while a full piece is handed on.
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyTo(`COPY (${copySql(query, client)}) TO STDOUT WITH (FORMAT binary)`));
      const handOn = async () => {
        if (pendingSize >= FLUSH_AT) await flush();
        if (ids.length >= PAGE) {
          await list(ids, versions);
          ids = [];
          versions = [];
        }
      };
      stream.on("data", (piece: Buffer) => {
        try {
          reader.push(piece);
        } catch (e) {
          stream.destroy(e as Error);
          return;
        }
        if (pendingSize >= FLUSH_AT || ids.length >= PAGE) {
          stream.pause();
          handOn().then(
            () => stream.resume(),
            (e: Error) => stream.destroy(e),
          );
        }
      });
      stream.on("end", () => resolve());
      stream.on("error", reject);
    });
    reader.end();
    await list(ids, versions);
    await client.query("COMMIT");
    client.release();
  } catch (e) {
    client.release(e instanceof Error ? e : true); // dropped, not reused half-way through a COPY
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
