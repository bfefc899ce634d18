import "server-only";
import { randomInt } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ExportFormat } from "@/lib/generated/prisma/client";
import { chunkReader, chunkWriter } from "@/lib/storage/chunks";
import type { ExportFilter, ExportFormatName } from "@/lib/validation/export";
import { FORMATS } from "./formats";
import { type ExportPhiPolicy, renderExport } from "./render";

const TO_DB: Record<ExportFormatName, ExportFormat> = {
  alpacare: "ALPACARE",
  "self-instruct": "SELF_INSTRUCT",
  alpaca: "ALPACA",
  jsonl: "JSONL",
  csv: "CSV",
};
export const FROM_DB = Object.fromEntries(Object.entries(TO_DB).map(([k, v]) => [v, k])) as Record<
  ExportFormat,
  ExportFormatName
>;

export type ExportSummary = {
  id: string;
  number: number;
  format: ExportFormatName;
  filter: ExportFilter;
  recordCount: number;
  byteSize: number;
  sha256: string;
  creator: string;
  createdAt: Date;
  fileName: string;
};

const fileName = (number: number, format: ExportFormatName) =>
  `medseed-export-${number}-${format}.${FORMATS[format].ext}`;

/**
 * Snapshots the approved seeds matching the filter: the exact bytes (stored in chunks, so a download streams
 * them unchanged forever), their SHA-256, and each seed's id and revision. One transaction at REPEATABLE READ,
 * so the bytes and the item list describe the same moment.
 */
export async function createExport(
  format: ExportFormatName,
  filter: ExportFilter,
  actor: Actor,
  phi: ExportPhiPolicy = {},
): Promise<ExportSummary & { phiAccepted: number }> {
  let phiAccepted = 0;
  const id = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`;
      // Before the snapshot (LOCK takes none): an undo of an approval waits for exports being written (SHARE
      // lock, undoApproval), and an export started meanwhile snapshots after the undo, never before it.
      await tx.$executeRaw`LOCK TABLE "SeedExport" IN ROW EXCLUSIVE MODE`;
      const row = await tx.seedExport.create({
        // A placeholder number until everything that can refuse the export has passed (see the end): a refused
        // or failed export must not use up a number.
        data: {
          number: -randomInt(1, 2 ** 31 - 1),
          format: TO_DB[format],
          filter,
          recordCount: 0,
          byteSize: 0,
          sha256: "",
          creatorId: actor.id,
        },
        select: { id: true },
      });
      // One gzip stream in chunks (lib/storage/chunks.ts); the SHA-256 is of the uncompressed bytes. The rows are
      // read on a connection of their own (render.ts); this transaction's connection meanwhile stores the chunks
      // and the item list's pages as they come, one statement after another. At most 16 wait, so a slow store
      // holds the render back rather than filling memory.
      let seq = 0;
      let last: Promise<unknown> = Promise.resolve();
      let waiting = 0;
      let pages = 0;
      // One statement after another on the transaction's connection; at most 16 wait.
      const queued = async (statement: () => Promise<unknown>) => {
        waiting++;
        last = last.then(statement).finally(() => waiting--);
        last.catch(() => {}); // awaited at the end
        if (waiting > 16) await last;
      };
      const file = chunkWriter(
        1,
        (chunk) => {
          const at = seq++;
          return queued(
            () =>
              tx.$executeRaw`INSERT INTO "SeedExportChunk" ("exportId", "seq", "data") VALUES (${row.id}, ${at}, ${new Uint8Array(chunk)})`,
          );
        },
        false,
      ); // the render hashes the bytes it writes: no second SHA-256 here
      const result = await renderExport(
        format,
        filter,
        "APPROVED",
        {
          write: (data) => file.write(data),
          // The item list as two arrays on the export row, element i for the file's record i (schema.prisma),
          // from the ids and revisions the render reads with each row: a page of 5,000 at a time into a
          // temporary table (one row a page, dropped at commit), then one UPDATE joins them. So the rows are sorted
          // once, by the render: the UPDATE sorting them again by the format's order (array_agg ORDER BY) took
          // 0.2-0.25 s of database CPU per 50,000 seeds, more than half of the COPY the export is measured against.
          items: (ids, versions) => {
            const page = pages++;
            return queued(async () => {
              if (page === 0)
                await tx.$executeRaw`
                  CREATE TEMP TABLE medseed_export_items (page int, ids text[], versions int[]) ON COMMIT DROP`;
              // Each list as one text that PostgreSQL splits: a 5,000-element array parameter costs more to
              // encode here than the page costs to store (an id holding a line break, never made by MedSeed, goes
              // as an array).
              await (ids.some((id) => id.includes("\n"))
                ? tx.$executeRaw`INSERT INTO medseed_export_items VALUES (${page}, ${ids}, ${versions})`
                : tx.$executeRaw`
                    INSERT INTO medseed_export_items
                    VALUES (${page}, string_to_array(${ids.join("\n")}, E'\n'), string_to_array(${versions.join(",")}, ',')::int[])`);
            });
          },
        },
        tx,
        phi,
      );
      phiAccepted = result.phiAccepted;
      const stored = await file.end();
      await last;
      const [{ listed }] = pages
        ? await tx.$queryRaw<[{ listed: number }]>`
            UPDATE "SeedExport"
               SET ("itemSeedIds", "itemVersions") = (
                     SELECT array_agg(i."id" ORDER BY p."page", i."n"), array_agg(i."version" ORDER BY p."page", i."n")
                       FROM medseed_export_items p, unnest(p."ids", p."versions") WITH ORDINALITY AS i("id", "version", "n"))
             WHERE "id" = ${row.id}
            RETURNING cardinality("itemSeedIds") AS listed`
        : [{ listed: 0 }];
      if (listed !== result.count) throw new Error(`export items ${listed} != rendered rows ${result.count}`);
      if (result.count === 0) {
        throw new AppError(
          "INVALID",
          "No approved seed task matches this filter, so there is nothing to export. Widen the filter or approve tasks first.",
        );
      }
      await tx.seedExport.update({
        where: { id: row.id },
        data: {
          recordCount: result.count,
          byteSize: result.bytes,
          storedSize: stored.storedSize,
          sha256: result.sha256,
        },
        select: { id: true }, // not the item arrays back
      });
      await tx.$executeRaw`
        UPDATE "SeedExport" SET "number" = nextval(pg_get_serial_sequence('"SeedExport"', 'number'))
         WHERE "id" = ${row.id}`;
      await recordAudit(
        {
          actorId: actor.id,
          action: "export.create",
          targetType: "export",
          targetId: row.id,
          after: {
            format,
            filter,
            records: result.count,
            sha256: result.sha256,
            licences: result.sources.licences,
            nonCommercial: result.sources.nonCommercial,
            ...(phi.accept ? { phiAccepted: result.phiAccepted, phiReason: phi.accept.reason } : {}),
          },
        },
        tx,
      );
      return row.id;
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
  return { ...((await getExport(id)) as ExportSummary), phiAccepted };
}

const summarySelect = {
  id: true,
  number: true,
  format: true,
  filter: true,
  recordCount: true,
  byteSize: true,
  sha256: true,
  createdAt: true,
  creator: { select: { name: true, email: true } },
} as const;

type SummaryRow = {
  id: string;
  number: number;
  format: ExportFormat;
  filter: unknown;
  recordCount: number;
  byteSize: number;
  sha256: string;
  createdAt: Date;
  creator: { name: string | null; email: string };
};

function toSummary(r: SummaryRow): ExportSummary {
  const format = FROM_DB[r.format];
  return {
    id: r.id,
    number: r.number,
    format,
    filter: r.filter as ExportFilter,
    recordCount: r.recordCount,
    byteSize: r.byteSize,
    sha256: r.sha256,
    createdAt: r.createdAt,
    creator: r.creator.name ?? r.creator.email,
    fileName: fileName(r.number, format),
  };
}

export async function getExport(id: string): Promise<ExportSummary | null> {
  const r = await db.seedExport.findUnique({ where: { id }, select: summarySelect });
  return r ? toSummary(r) : null;
}

export async function listExports(limit = 100): Promise<ExportSummary[]> {
  const rows = await db.seedExport.findMany({
    select: summarySelect,
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(toSummary);
}

/** The export's items in file order (position from 0), at most `limit`. */
export async function exportItems(
  id: string,
  limit = 1000,
): Promise<{ seedId: string; version: number; position: number }[]> {
  return db.$queryRaw`
    SELECT i."seedId", i."version", (i."n" - 1)::int AS "position"
      FROM "SeedExport" e, unnest(e."itemSeedIds", e."itemVersions") WITH ORDINALITY AS i("seedId", "version", "n")
     WHERE e."id" = ${id}
     ORDER BY i."n"
     LIMIT ${limit}`;
}

/** The export's bytes, streamed from the stored chunks. */
export function exportStream(id: string): ReadableStream<Uint8Array> {
  return chunkReader(async (seq) => {
    const chunk = await db.seedExportChunk.findUnique({
      where: { exportId_seq: { exportId: id, seq } },
      select: { data: true },
    });
    return chunk?.data ?? null;
  }, true);
}

export function downloadHeaders(e: ExportSummary): HeadersInit {
  return {
    "Content-Type": FORMATS[e.format].contentType,
    "Content-Length": String(e.byteSize),
    "Content-Disposition": `attachment; filename="${e.fileName}"`,
    ETag: `"${e.sha256}"`,
    "X-Content-SHA256": e.sha256,
  };
}
