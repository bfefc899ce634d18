import { datasetDownloadQuerySchema } from "@/lib/api/schemas";
import { apiError, protectedRoute } from "@/lib/auth/route";
import { datasetChunks, datasetFileName, datasetJob } from "@/lib/dataset/job-download";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/generation/jobs/{id}/dataset?format=alpaca|jsonl: the kept tasks with their responses, streamed.
 * alpaca: JSON [{instruction, input, output}]; jsonl: one record per line with tags and provenance.
 */
export const GET = protectedRoute(
  { permission: "generation.read", query: datasetDownloadQuerySchema },
  async ({ query: { format }, params }) => {
    const job = await datasetJob(String(params.id));
    if (!job) return apiError("NOT_FOUND", "No generation job with that id.");
    const chunks = datasetChunks(job.id, format);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type":
          format === "alpaca" ? "application/json; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "Content-Disposition": `attachment; filename="${datasetFileName(job.number, format)}"`,
      },
    });
  },
);
