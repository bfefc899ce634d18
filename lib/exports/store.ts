import "server-only";
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
      const row = await tx.seedExport.create({
        data: { format: TO_DB[format], filter, recordCount: 0, byteSize: 0, sha256: "", creatorId: actor.id },
        select: { id: true },
      });
      // One gzip stream in chunks (lib/storage/chunks.ts); the SHA-256 is of the uncompressed bytes.
      let seq = 0;
      let position = 0;
      const file = chunkWriter(1, async (chunk) => {
        await tx.$executeRaw`INSERT INTO "SeedExportChunk" ("exportId", "seq", "data") VALUES (${row.id}, ${seq++}, ${new Uint8Array(chunk)})`;
      });
      const result = await renderExport(
        format,
        filter,
        "APPROVED",
        {
          write: (data) => file.write(data),
          // One INSERT per page of 2,000 from arrays (Prisma's createMany is far slower for this many small rows).
          rows: async (rows) => {
            if (!rows.length) return;
            const start = position;
            position += rows.length;
            await tx.$executeRaw`
              INSERT INTO "SeedExportItem" ("exportId", "position", "seedId", "version")
              SELECT ${row.id}, ${start} + x.n - 1, x.seed, x.version
              FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.version)}::int[]) WITH ORDINALITY AS x(seed, version, n)`;
          },
        },
        tx,
        phi,
      );
      phiAccepted = result.phiAccepted;
      const stored = await file.end();
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
      });
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

export async function exportItems(id: string, limit = 1000) {
  return db.seedExportItem.findMany({
    where: { exportId: id },
    orderBy: { position: "asc" },
    take: limit,
    select: { seedId: true, version: true, position: true },
  });
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
