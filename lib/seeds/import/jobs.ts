import "server-only";
import { isUtf8 } from "node:buffer";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { chunkWriter } from "@/lib/storage/chunks";
import type { SourceOverride } from "@/lib/validation/source";
import { assertMayImport } from "./commit";
import { runImportJob } from "./job-run";
import { fileSizeProblem } from "./limits";
import { NOT_UTF8 } from "./parse";
import { phiRefusalMessage } from "./phi";
import { enqueueImportJob } from "./queue";
import { errorSummary } from "./report-text";
import type { ImportJobView, ImportPhase, ImportReport, ImportStatus } from "./types";

// Imports from the UI as jobs (STYLE rule 6): the upload is stored with a job row; a worker checks it (the
// preview, with progress), and on "Import" imports it from the stored file. Files up to INLINE_MAX_BYTES
// (a few thousand rows, about a second) are checked and imported within the request instead, so a small
// file's preview comes back with the upload; the work is the same, under the same lease, paced the same way.
// A job is its owner's alone: every query is scoped by owner, so anyone else's is "not found".

export const INLINE_MAX_BYTES = 1024 * 1024;
const KEEP_MS = 24 * 60 * 60_000;
const STORE_PIECE = 1 << 20;

const NOT_FOUND =
  "This import was not found: uploads are kept for a day, and only the person who uploaded one can see it.";

const VIEW = {
  id: true,
  fileName: true,
  byteSize: true,
  status: true,
  state: true,
  phase: true,
  done: true,
  total: true,
  report: true,
  error: true,
  createdAt: true,
} satisfies Prisma.SeedImportJobSelect;

type Row = Prisma.SeedImportJobGetPayload<{ select: typeof VIEW }>;

const toView = (j: Row): ImportJobView => ({
  ...j,
  status: j.status as ImportStatus,
  phase: j.phase as ImportPhase | null,
  report: j.report as unknown as ImportReport | null,
  createdAt: j.createdAt.toISOString(),
});

export async function importJobView(actor: Actor, id: string): Promise<ImportJobView> {
  const job = await db.seedImportJob.findFirst({ where: { id, ownerId: actor.id }, select: VIEW });
  if (!job) throw new AppError("NOT_FOUND", NOT_FOUND);
  return toView(job);
}

/** Small files are worked on here; should that fail unexpectedly, a worker takes over (and the UI polls). */
async function runHereOrQueue(id: string, byteSize: number): Promise<void> {
  if (byteSize > INLINE_MAX_BYTES) return enqueueImportJob(id);
  await runImportJob(id).catch(() => enqueueImportJob(id));
}

/** Stores an upload (all of it, or nothing) and has it checked. */
export async function startImportJob(
  actor: Actor,
  file: { name: string; status: ImportStatus; bytes: Uint8Array },
): Promise<ImportJobView> {
  assertMayImport(actor, file.status);
  const tooBig = fileSizeProblem(file.bytes.byteLength);
  if (tooBig) throw new AppError("INVALID", tooBig, { file: [tooBig] });
  if (!isUtf8(file.bytes)) throw new AppError("INVALID", NOT_UTF8, { file: [NOT_UTF8] });
  const id = await db.$transaction(
    async (tx) => {
      const job = await tx.seedImportJob.create({
        data: {
          ownerId: actor.id,
          fileName: file.name.slice(0, 255) || "upload",
          status: file.status,
          byteSize: file.bytes.byteLength,
          sha256: "",
          expiresAt: new Date(Date.now() + KEEP_MS),
        },
        select: { id: true },
      });
      let seq = 0;
      const sink = chunkWriter(1, async (piece) => {
        await tx.seedImportChunk.create({ data: { jobId: job.id, seq: seq++, data: new Uint8Array(piece) } });
      });
      for (let at = 0; at < file.bytes.byteLength; at += STORE_PIECE) {
        await sink.write(file.bytes.subarray(at, at + STORE_PIECE));
      }
      const { sha256 } = await sink.end();
      await tx.seedImportJob.update({ where: { id: job.id }, data: { sha256 } });
      return job.id;
    },
    { timeout: 60_000 },
  );
  await runHereOrQueue(id, file.bytes.byteLength);
  return importJobView(actor, id);
}

/** Imports a checked file. Asking again while it is being imported, or after, changes nothing. */
export async function commitImportJob(
  actor: Actor,
  id: string,
  opts: { source?: SourceOverride; refusePhi?: boolean } = {},
): Promise<ImportJobView> {
  const job = await db.seedImportJob.findFirst({
    where: { id, ownerId: actor.id },
    select: { state: true, status: true, report: true, byteSize: true },
  });
  if (!job) throw new AppError("NOT_FOUND", NOT_FOUND);
  assertMayImport(actor, job.status as ImportStatus);
  if (job.state === "COMMITTING" || job.state === "COMMITTED") return importJobView(actor, id);
  if (job.state === "FAILED")
    throw new AppError("CONFLICT", "This file could not be checked: upload it again.");
  if (job.state !== "READY") {
    throw new AppError("CONFLICT", "The file is still being checked: import it once the preview is shown.");
  }
  const report = job.report as unknown as ImportReport;
  if (report.errors.length) throw new AppError("INVALID", errorSummary(report));
  if (opts.refusePhi && (report.counts.phi ?? 0) > 0)
    throw new AppError("INVALID", phiRefusalMessage(report));
  const { count } = await db.seedImportJob.updateMany({
    where: { id, ownerId: actor.id, state: "READY" },
    data: {
      state: "COMMITTING",
      error: null,
      attempts: 0,
      phase: null,
      done: 0,
      total: 0,
      // the source chosen in the preview travels with the job to whichever worker imports it
      ...(opts.source
        ? {
            report: {
              ...report,
              source: { suggested: {}, rowsWithOwn: 0, ...report.source, applied: opts.source },
            } as unknown as Prisma.InputJsonValue,
          }
        : {}),
    },
  });
  // Another request (a second tab, a double click) moved it first: its import is the one.
  if (count === 1) await runHereOrQueue(id, job.byteSize);
  return importJobView(actor, id);
}

/** Drops an upload (cancel, or a new file chosen). One being imported cannot be stopped half-way. */
export async function discardImportJob(actor: Actor, id: string): Promise<void> {
  const { count } = await db.seedImportJob.deleteMany({
    where: { id, ownerId: actor.id, state: { not: "COMMITTING" } },
  });
  if (count === 0 && (await db.seedImportJob.count({ where: { id, ownerId: actor.id } }))) {
    throw new AppError("CONFLICT", "The file is being imported and can no longer be cancelled.");
  }
}
