import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { editRecordSchema } from "@/lib/validation/dataset";
import { editRecord } from "../curation";
import { requestAnalysis } from "../queue";

/**
 * A person's edit of a generated record's text, version-checked (the original is kept; audited as
 * dataset.record.edit); the job's analysis is then made again.
 */
export async function editGeneratedRecord(
  actor: Actor,
  input: z.output<typeof editRecordSchema>,
): Promise<{ jobId: string; version: number }> {
  authorize(actor, "dataset.curate");
  const result = await editRecord(input, actor);
  await requestAnalysis(result.jobId);
  return result;
}
