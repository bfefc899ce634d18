import { datasetDownloadQuerySchema } from "@/lib/api/schemas";
import { apiError, protectedRoute } from "@/lib/auth/route";
import { downloadJobDataset } from "@/lib/dataset/use-cases/download-job-dataset";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/generation/jobs/{id}/dataset?format=alpaca|jsonl: the kept tasks with their responses, streamed.
 * alpaca: JSON [{instruction, input, output}]; jsonl: one record per line with tags and provenance.
 */
export const GET = protectedRoute(
  { permission: "generation.read", query: datasetDownloadQuerySchema },
  async ({ query: { format }, params, user }) => {
    const dataset = await downloadJobDataset(user, { jobId: String(params.id), format });
    if (!dataset) return apiError("NOT_FOUND", "No generation job with that id.");
    const { chunks } = dataset;
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
        "Content-Type": dataset.contentType,
        "Content-Disposition": `attachment; filename="${dataset.fileName}"`,
      },
    });
  },
);
