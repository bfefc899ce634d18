import { releaseDownloadQuerySchema } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { releaseDownloadHeaders } from "@/lib/dataset/releases/store";
import { openReleaseFile } from "@/lib/dataset/use-cases/open-release-file";

export const dynamic = "force-dynamic";

/** GET /api/v1/datasets/releases/{id}/download?format=alpaca|jsonl|csv|hf: the stored bytes, streamed. */
export const GET = protectedRoute(
  { permission: "dataset.read", query: releaseDownloadQuerySchema },
  async ({ query: { format }, params, user }) => {
    const { file, stream } = await openReleaseFile(user, { releaseId: String(params.id), format });
    return new Response(stream, { headers: releaseDownloadHeaders(file) });
  },
);
