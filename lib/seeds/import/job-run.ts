import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, SeedImportState } from "@/lib/generated/prisma/client";
import { chunkReader } from "@/lib/storage/chunks";
import { analyseImport, readImport } from "./analyse";
import { assertMayImport, writeImport } from "./commit";
import { Pacer, type Progress } from "./pacer";
import { NOT_UTF8 } from "./parse";
import type { ImportReport, ImportStatus } from "./types";

// The work of an import job (lib/seeds/import/jobs.ts): checking the uploaded file (QUEUED -> ANALYSING ->
// READY, the preview) or importing it (COMMITTING -> COMMITTED). Run by a queue worker, or by the request
// itself for small files; either way under a lease: every write names the lease's token and is refused once
// another attempt holds the job (or it was discarded), so a stalled attempt's late writes change nothing.
// A failure a person can act on ends the attempt with its message; anything else is retried (the queue's
// retry, or the sweep once the lease runs out), and after MAX_ATTEMPTS the job fails.

const LEASE_MS = 60_000;
const RENEW_MS = 20_000;
export const MAX_ATTEMPTS = 3;

/** This attempt no longer holds the job: another attempt took it over, or it was discarded. */
class LostLease extends Error {}

type Claimed = {
  state: SeedImportState;
  attempts: number;
  fileName: string;
  status: ImportStatus;
  byteSize: number;
  ownerId: string;
  report: Prisma.JsonValue;
};

async function claim(id: string, token: string): Promise<Claimed | null> {
  const rows = await db.$queryRaw<Claimed[]>`
    UPDATE "SeedImportJob"
       SET state = CASE WHEN state = 'QUEUED' THEN 'ANALYSING'::"SeedImportState" ELSE state END,
           "leaseToken" = ${token},
           "leaseUntil" = now() + make_interval(secs => ${LEASE_MS / 1000}::float8),
           attempts = attempts + 1, "updatedAt" = now()
     WHERE id = ${id} AND state IN ('QUEUED', 'ANALYSING', 'COMMITTING')
       AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
    RETURNING state, attempts, "fileName", status::text AS status, "byteSize", "ownerId", report`;
  return rows[0] ?? null;
}

/** The job's lease: renewed on a timer and with each progress report, given up or ended at the end. */
class Lease {
  private lost = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly id: string,
    readonly token: string,
  ) {
    this.timer = setInterval(() => void this.write({}).catch(() => {}), RENEW_MS);
    this.timer.unref();
  }

  private async write(data: Prisma.SeedImportJobUpdateManyMutationInput, end = false): Promise<void> {
    if (this.lost) throw new LostLease();
    const { count } = await db.seedImportJob.updateMany({
      where: { id: this.id, leaseToken: this.token },
      data: end ? data : { ...data, leaseUntil: new Date(Date.now() + LEASE_MS) },
    });
    if (count === 0) {
      this.lost = true;
      throw new LostLease();
    }
  }

  progress(p: Progress): Promise<void> {
    return this.write({ phase: p.phase, done: p.done, total: p.total });
  }

  /** Ends the attempt with the job in its next state. */
  async finish(data: Prisma.SeedImportJobUpdateManyMutationInput): Promise<void> {
    clearInterval(this.timer);
    await this.write({ ...data, phase: null, leaseToken: null, leaseUntil: null }, true);
  }

  /** Gives the job up at once, for another attempt to take. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.write({ leaseToken: null, leaseUntil: null }, true).catch(() => {});
  }

  /** The import's writes and the job's "imported" go in one transaction: none of them for a lost lease. */
  async committedIn(tx: Prisma.TransactionClient, report: ImportReport): Promise<void> {
    clearInterval(this.timer);
    const { count } = await tx.seedImportJob.updateMany({
      where: { id: this.id, leaseToken: this.token, state: "COMMITTING" },
      data: {
        state: "COMMITTED",
        report: report as unknown as Prisma.InputJsonValue,
        error: null,
        phase: null,
        leaseToken: null,
        leaseUntil: null,
      },
    });
    if (count === 0) throw new LostLease();
  }
}

/** Does the work the job waits for, unless a live attempt holds it. Throws only to be retried. */
export async function runImportJob(
  id: string,
  log: (line: string) => void = (line) => console.error(`[import] ${line}`),
): Promise<void> {
  const token = randomUUID();
  const job = await claim(id, token);
  if (!job) return; // done, discarded, or in another attempt's hands
  const lease = new Lease(id, token);
  const importing = job.state === "COMMITTING";
  try {
    if (job.attempts > MAX_ATTEMPTS) {
      throw new AppError(
        "INVALID",
        `The file could not be ${importing ? "imported" : "checked"} in ${MAX_ATTEMPTS} attempts (the server ` +
          `log has the details). ${importing ? "Nothing was imported. " : ""}Upload it again.`,
      );
    }
    const pacer = new Pacer((p) => lease.progress(p));
    const text = await readFile(id, job.byteSize, pacer);
    if (importing) {
      await importFile(job, text, pacer, lease);
      await db.seedImportChunk.deleteMany({ where: { jobId: id } }); // the file is no longer needed
    } else {
      const { report } = await analyseImport(text, { fileName: job.fileName, status: job.status }, pacer);
      await lease.finish({ state: "READY", report: report as unknown as Prisma.InputJsonValue, error: null });
    }
  } catch (error) {
    if (error instanceof LostLease) return;
    if (error instanceof AppError) {
      // A refused import leaves the preview as it was, with the reason; a refused check fails the job.
      await lease
        .finish(
          importing ? { state: "READY", error: error.message } : { state: "FAILED", error: error.message },
        )
        .catch(() => {});
      if (!importing) await db.seedImportChunk.deleteMany({ where: { jobId: id } });
      return;
    }
    log(`job ${id}, attempt ${job.attempts}: ${error instanceof Error ? error.stack : String(error)}`);
    await lease.release();
    throw error;
  }
}

async function importFile(job: Claimed, text: string, pacer: Pacer, lease: Lease): Promise<void> {
  // As the owner is now: a deactivated account or a role taken away stops the import.
  const owner = await db.user.findUnique({
    where: { id: job.ownerId },
    select: { id: true, roles: true, active: true },
  });
  if (!owner?.active) throw new AppError("FORBIDDEN", "The account that uploaded this file is not active.");
  const actor = { id: owner.id, roles: owner.roles };
  assertMayImport(actor, job.status);
  const preview = job.report as unknown as ImportReport;
  // The same bytes read again: the rows the preview validated (nothing is taken from the stored preview
  // but its lists); the transaction checks again what the database may have changed since.
  const { parsed, mapped } = await readImport(text, job.status, pacer, job.fileName);
  if (parsed.errors.length || mapped.errors.length || preview.errors.length) {
    throw new AppError("INVALID", "The file has errors: nothing was imported.");
  }
  await writeImport(preview, mapped.rows, {
    actor,
    status: job.status,
    pacer,
    // what its owner chose in the preview (stored with the commit), else what the preview proposed
    source: preview.source?.applied ?? preview.source?.suggested,
    alsoInTransaction: (tx, report) => lease.committedIn(tx, report),
  });
}

/** The uploaded file's text, read back from its gzip chunks. */
async function readFile(id: string, byteSize: number, pacer: Pacer): Promise<string> {
  await pacer.phase("reading", byteSize);
  const stream = chunkReader(async (seq) => {
    const chunk = await db.seedImportChunk.findUnique({
      where: { jobId_seq: { jobId: id, seq } },
      select: { data: true },
    });
    return chunk?.data ?? null;
  }, true);
  // Fatal: the upload was checked to be UTF-8, so anything else is a damaged file. Drops a byte-order mark.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const parts: string[] = [];
  let done = 0;
  try {
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      parts.push(decoder.decode(next.value, { stream: true }));
      done += next.value.byteLength;
      if (pacer.due()) await pacer.pause(done);
    }
    parts.push(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError) throw new AppError("INVALID", NOT_UTF8);
    throw error;
  }
  return parts.join("");
}
