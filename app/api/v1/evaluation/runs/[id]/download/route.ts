import { z } from "zod";
import { protectedRoute } from "@/lib/auth/route";
import { downloadEvalRun, EVAL_DOWNLOAD_FORMATS } from "@/lib/evaluation/use-cases/download-eval-run";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/evaluation/runs/{id}/download?format=json|csv|annotations: the results JSON (the CLI's
 * shape), one CSV row per item, or alpaca_eval-style annotations.
 */
export const GET = protectedRoute(
  {
    permission: "evaluation.read",
    query: z.object({ format: z.enum(EVAL_DOWNLOAD_FORMATS).default("json") }),
  },
  async ({ query: { format }, params, user }) => {
    const file = await downloadEvalRun(user, { run: String(params.id), format });
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
      },
    });
  },
);
