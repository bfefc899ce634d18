import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { GeneratedExportFormat } from "@/lib/validation/generation";
import { datasetChunks, datasetFileName, datasetJob } from "../job-download";

/**
 * A generation job's dataset as the job made it (before curation), streamed: Alpaca JSON or JSONL with tags
 * and provenance; null when there is no such job.
 */
export async function downloadJobDataset(
  actor: Actor,
  input: { jobId: string; format: GeneratedExportFormat },
): Promise<{ fileName: string; contentType: string; chunks: AsyncGenerator<string> } | null> {
  authorize(actor, "generation.read");
  const job = await datasetJob(input.jobId);
  if (!job) return null;
  return {
    fileName: datasetFileName(job.number, input.format),
    contentType:
      input.format === "alpaca" ? "application/json; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    chunks: datasetChunks(job.id, input.format),
  };
}
