import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { fileSizeProblem } from "@/lib/seeds/import/limits";
import { importTestsetText, type TestsetImportReport } from "../testsets";

/**
 * Imports a test set file (MedInstruct-test, alpaca_eval, Alpaca or MedSeed rows) as a new version of the
 * set named `name`: all items or none, every problem named by line. Frozen unless `freeze` is false.
 */
export async function importTestset(
  actor: Actor,
  input: { name: string; fileName: string; bytes: Uint8Array; freeze?: boolean },
): Promise<TestsetImportReport> {
  authorize(actor, "testset.write");
  const tooBig = fileSizeProblem(input.bytes.byteLength);
  if (tooBig) throw new AppError("TOO_LARGE", tooBig);
  const text = new TextDecoder("utf-8").decode(input.bytes).replace(/^\uFEFF/, "");
  return importTestsetText(actor, { ...input, text });
}
