import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { analyseImport, clipDuplicate, type ImportOptions, LIST_CAP } from "./analyse";
import { canonicalise } from "./canonical";
import { splitDuplicates } from "./duplicates";
import { insertSeedRows } from "./insert";
import { decodeImportFile } from "./parse";
import type { ImportReport } from "./types";

export type ImportSeedsOptions = ImportOptions & { actor: Actor; dryRun?: boolean };

const INSERT_CHUNK = 1_000;
// Imports take turns (a transaction-level advisory lock), so two uploads of one file cannot both create it.
const IMPORT_LOCK = 7_301_001;
const TX_OPTIONS = { maxWait: 15_000, timeout: 120_000 };

export function assertMayImport(actor: Actor, status: ImportOptions["status"]): void {
  if (!can(actor.roles, "seed.import")) {
    throw new AppError("FORBIDDEN", "Your role does not allow importing seed tasks (seed.import).");
  }
  if (status === "APPROVED" && !can(actor.roles, "seed.import.approved")) {
    throw new AppError(
      "FORBIDDEN",
      "Only admins can import tasks as approved (seed.import.approved). Import them as drafts instead.",
    );
  }
}

/** The preview and the import in one: for the CLI, the server actions and the benchmark. */
export async function importSeedsFromBuffer(
  bytes: Uint8Array,
  opts: ImportSeedsOptions,
): Promise<ImportReport> {
  assertMayImport(opts.actor, opts.status);
  return importSeeds(decodeImportFile(bytes), opts);
}

/**
 * Validates the whole file, then (unless it is a dry run or any row is invalid) creates every new task in one
 * transaction: all rows or none. Exact duplicates are skipped, near-duplicates only flagged.
 */
export async function importSeeds(text: string, opts: ImportSeedsOptions): Promise<ImportReport> {
  assertMayImport(opts.actor, opts.status);
  const { report, valid } = await analyseImport(text, opts);
  if (opts.dryRun || report.errors.length > 0) return report;

  const { actor, status } = opts;
  const written = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`;
    // Again inside the lock: creates new topics and views, and sees imports that finished meanwhile.
    const canonical = await canonicalise(valid, tx, { create: true });
    if (canonical.errors.length) {
      throw new AppError(
        "CONFLICT",
        `The vocabulary changed during the import: ${canonical.errors[0]?.message}`,
      );
    }
    const { fresh, duplicates } = await splitDuplicates(canonical.rows, tx);
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      await insertSeedRows(tx, fresh.slice(i, i + INSERT_CHUNK), {
        status,
        authorId: actor.id,
        editorId: actor.id,
        change: "import",
      });
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.import",
        targetType: "seed",
        after: {
          file: opts.fileName,
          format: report.format,
          shape: report.shape,
          rows: report.counts.rows,
          created: fresh.length,
          duplicates: duplicates.length,
          status,
        },
      },
      tx,
    );
    return { fresh, duplicates };
  }, TX_OPTIONS);

  const freshLines = new Set(written.fresh.map((r) => r.line));
  const dupLines = new Set(written.duplicates.map((d) => d.line));
  return {
    ...report,
    counts: {
      ...report.counts,
      created: written.fresh.length,
      toCreate: written.fresh.length,
      duplicates: written.duplicates.length,
    },
    duplicates: written.duplicates.slice(0, LIST_CAP.duplicates).map(clipDuplicate),
    nearDuplicates: report.nearDuplicates.filter((n) => freshLines.has(n.line)),
    sample: report.sample.map((s) => ({ ...s, outcome: dupLines.has(s.line) ? "duplicate" : "new" })),
    committed: true,
  };
}
