import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { excludeRecordSchema } from "@/lib/validation/dataset";
import { setExcluded } from "../curation";
import { requestAnalysis } from "../queue";

/**
 * Excludes a generated record from releases with a reason, or takes it back, version-checked (audited as
 * dataset.record.exclude / .include); the job's analysis is then made again.
 */
export async function excludeGeneratedRecord(
  actor: Actor,
  input: z.output<typeof excludeRecordSchema>,
): Promise<{ jobId: string; version: number }> {
  authorize(actor, "dataset.curate");
  const result = await setExcluded(input, actor);
  await requestAnalysis(result.jobId);
  return result;
}
