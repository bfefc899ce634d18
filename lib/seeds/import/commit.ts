import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SourceOverride } from "@/lib/validation/source";
import { analyseImport, clipDuplicate, type ImportOptions, LIST_CAP } from "./analyse";
import { canonicalise, type PlannedRow } from "./canonical";
import { splitDuplicates } from "./duplicates";
import { insertSeedRows } from "./insert";
import type { ValidRow } from "./map";
import { Pacer } from "./pacer";
import { decodeImportFile } from "./parse";
import { phiAsErrors } from "./phi";
import { applyFileSource } from "./source";
import type { DuplicateRow, ImportReport } from "./types";

export type ImportSeedsOptions = ImportOptions & {
  actor: Actor;
  dryRun?: boolean;
  /** PHI screening: "refuse rows with any finding" (each becomes an error, so nothing is imported) */
  refusePhi?: boolean;
};

const INSERT_CHUNK = 1_000;
// Imports take turns (a transaction-level advisory lock), so two uploads of one file cannot both create it.
const IMPORT_LOCK = 7_301_001;
// A file of 50 MB (some 165,000 rows) takes a minute or two to write on a small machine.
const TX_OPTIONS = { maxWait: 15_000, timeout: 600_000 };

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
  const analysis = await analyseImport(text, opts);
  const report = opts.refusePhi ? phiAsErrors(analysis.report) : analysis.report;
  const { valid } = analysis;
  if (opts.dryRun || report.errors.length > 0) return report;
  return writeImport(report, valid, { ...opts, source: { ...report.source?.suggested, ...opts.source } });
}

type WriteOptions = {
  actor: Actor;
  status: ImportOptions["status"];
  pacer?: Pacer;
  /** the file's source: fills the source fields rows do not state (provenance, issue 15) */
  source?: SourceOverride;
  /** more writes in the same transaction (a job marks itself imported): all of them or none */
  alsoInTransaction?: (tx: Prisma.TransactionClient, report: ImportReport) => Promise<void>;
};

/**
 * Creates the valid rows of an analysed file in one transaction, checking again under the lock what may have
 * changed since the analysis (the vocabulary, tasks imported meanwhile), and returns the import's report.
 */
export async function writeImport(
  analysed: ImportReport,
  valid: ValidRow[],
  opts: WriteOptions,
): Promise<ImportReport> {
  const { actor, status } = opts;
  const pacer = opts.pacer ?? new Pacer();
  const source = opts.source ?? {};
  applyFileSource(valid, source);
  const report: ImportReport = {
    ...analysed,
    source: { suggested: {}, rowsWithOwn: 0, ...analysed.source, applied: source },
  };
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`;
    // Again inside the lock: creates new topics and views, and sees imports that finished meanwhile.
    const canonical = await canonicalise(valid, tx, { create: true, proposer: actor }, pacer);
    if (canonical.errors.length) {
      throw new AppError(
        "CONFLICT",
        `The vocabulary changed during the import: ${canonical.errors[0]?.message}`,
      );
    }
    const { fresh, duplicates } = await splitDuplicates(canonical.rows, tx, pacer);
    await pacer.phase("importing", fresh.length);
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      await insertSeedRows(tx, fresh.slice(i, i + INSERT_CHUNK), {
        status,
        authorId: actor.id,
        editorId: actor.id,
        change: "import",
      });
      if (pacer.due()) await pacer.pause(Math.min(i + INSERT_CHUNK, fresh.length));
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.import",
        targetType: "seed",
        after: {
          file: report.fileName,
          format: report.format,
          shape: report.shape,
          rows: report.counts.rows,
          created: fresh.length,
          duplicates: duplicates.length,
          status,
          source,
        },
      },
      tx,
    );
    const done = importedReport(report, fresh, duplicates, {
      newTopics: canonical.newTopics,
      newViews: canonical.newViews,
      // an author's new values are proposals an admin decides on (lib/vocabulary/resolve.ts)
      newValuesProposed: !can(actor.roles, "vocabulary.manage"),
    });
    await opts.alsoInTransaction?.(tx, done);
    return done;
  }, TX_OPTIONS);
}

function importedReport(
  report: ImportReport,
  fresh: PlannedRow[],
  duplicates: DuplicateRow[],
  vocabulary: Pick<ImportReport["counts"], "newTopics" | "newViews" | "newValuesProposed">,
): ImportReport {
  const freshLines = new Set(fresh.map((r) => r.line));
  const dupLines = new Set(duplicates.map((d) => d.line));
  return {
    ...report,
    counts: {
      ...report.counts,
      ...vocabulary,
      created: fresh.length,
      toCreate: fresh.length,
      duplicates: duplicates.length,
    },
    duplicates: duplicates.slice(0, LIST_CAP.duplicates).map(clipDuplicate),
    nearDuplicates: report.nearDuplicates.filter((n) => freshLines.has(n.line)),
    sample: report.sample.map((s) => ({ ...s, outcome: dupLines.has(s.line) ? "duplicate" : "new" })),
    committed: true,
  };
}
