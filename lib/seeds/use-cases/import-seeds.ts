import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { assertMayImport, importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { commitImportJob, discardImportJob, importJobView, startImportJob } from "@/lib/seeds/import/jobs";
import type { ImportJobView, ImportReport, ImportStatus } from "@/lib/seeds/import/types";
import type { SourceOverride } from "@/lib/validation/source";

// Importing seed files. The CLI imports a file in one call; the app stores the upload as an import job that
// a worker checks (with progress) and that its owner then imports or discards. Both check the same
// permissions first (seed.import, and seed.import.approved for approved rows) and write through the same
// all-or-nothing transaction (lib/seeds/import/commit.ts).

type ImportFile = { fileName: string; status: ImportStatus; bytes: Uint8Array };
/** The file's source and licence (issue 15): set fields fill what rows do not state themselves. */
type WithSource = { source?: SourceOverride };

/** Checks a file and, unless `dryRun` or any row is invalid, imports it: every valid row or none. */
export async function importSeedFile(
  actor: Actor,
  input: ImportFile & WithSource & { dryRun?: boolean; refusePhi?: boolean },
): Promise<ImportReport> {
  assertMayImport(actor, input.status);
  return importSeedsFromBuffer(input.bytes, {
    fileName: input.fileName,
    status: input.status,
    actor,
    dryRun: input.dryRun,
    source: input.source,
    refusePhi: input.refusePhi,
  });
}

/** Stores an upload as an import job and has it checked (small files at once, large ones by a worker). */
export async function startSeedImport(actor: Actor, input: ImportFile): Promise<ImportJobView> {
  assertMayImport(actor, input.status);
  return startImportJob(actor, { name: input.fileName, status: input.status, bytes: input.bytes });
}

/** The job as its owner sees it (anyone else: not found). */
export async function getSeedImport(actor: Actor, input: { id: string }): Promise<ImportJobView> {
  assertMayImport(actor, "DRAFT");
  return importJobView(actor, input.id);
}

/**
 * Imports a checked job from its stored file, with the source chosen in the preview (else the one it
 * proposed); a second call imports nothing more. With `refusePhi` ("refuse rows with any finding") a file
 * whose preview found possible patient identifiers is not imported at all.
 */
export async function commitSeedImport(
  actor: Actor,
  input: { id: string; refusePhi?: boolean } & WithSource,
): Promise<ImportJobView> {
  assertMayImport(actor, "DRAFT");
  return commitImportJob(actor, input.id, { source: input.source, refusePhi: input.refusePhi });
}

export async function discardSeedImport(actor: Actor, input: { id: string }): Promise<void> {
  assertMayImport(actor, "DRAFT");
  await discardImportJob(actor, input.id);
}
