import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { fileSizeProblem } from "@/lib/seeds/import/limits";
import { storedLeakage } from "../leakage";
import { checkLeakageNow, requestLeakageCheck } from "../leakage-queue";
import { importTestsetText, type TestsetImportReport } from "../testsets";

/**
 * Imports a test set file (MedInstruct-test, alpaca_eval, Alpaca or MedSeed rows) as a new version of the
 * set named `name`: all items or none, every problem named by line. Frozen unless `freeze` is false.
 * The new version's leakage check is queued for the workers, or with `leakageCheck: "now"` (the CLI, which
 * runs no worker) done before returning.
 */
export async function importTestset(
  actor: Actor,
  input: {
    name: string;
    fileName: string;
    bytes: Uint8Array;
    freeze?: boolean;
    leakageCheck?: "queue" | "now";
  },
): Promise<
  TestsetImportReport & {
    leakage?: { flagged: number; seeds: number; records: number };
    /** the check asked for "now" could not run (the version is imported all the same; a worker runs it) */
    leakageError?: string;
  }
> {
  authorize(actor, "testset.write");
  const tooBig = fileSizeProblem(input.bytes.byteLength);
  if (tooBig) throw new AppError("TOO_LARGE", tooBig);
  const text = new TextDecoder("utf-8").decode(input.bytes).replace(/^\uFEFF/, "");
  const report = await importTestsetText(actor, { ...input, text });
  // Unchanged: no new version, and the latest one's leakage check is already stored or queued.
  if (report.ok && !report.unchanged) {
    if (input.leakageCheck === "now") {
      const leakageError = await checkLeakageNow(report.versionId);
      if (leakageError) return { ...report, leakageError };
      const { status, items } = await storedLeakage(report.versionId);
      const flagged = items.filter((i) => i.flagged).length;
      return {
        ...report,
        leakage: { flagged, seeds: status.checked?.seeds ?? 0, records: status.checked?.records ?? 0 },
      };
    }
    await requestLeakageCheck(report.versionId);
  }
  return report;
}
