import { releaseDownloadQuerySchema } from "@/lib/api/schemas";
import { apiError, protectedRoute } from "@/lib/auth/route";
import { getRelease, releaseDownloadHeaders, releaseFileStream } from "@/lib/dataset/releases/store";

export const dynamic = "force-dynamic";

/** GET /api/v1/datasets/releases/{id}/download?format=alpaca|jsonl|csv|hf: the stored bytes, streamed. */
export const GET = protectedRoute(
  { permission: "dataset.read", query: releaseDownloadQuerySchema },
  async ({ query: { format }, params }) => {
    const release = await getRelease(String(params.id));
    if (!release) return apiError("NOT_FOUND", "No published dataset with that id.");
    if (release.state !== "READY")
      return apiError(
        "CONFLICT",
        release.state === "PENDING"
          ? "The dataset is still being built: try again shortly."
          : "This release failed to build.",
      );
    const file = release.files.find((f) => f.format === format);
    if (!file) return apiError("NOT_FOUND", `This release has no ${format} file.`);
    return new Response(releaseFileStream(release.id, format), { headers: releaseDownloadHeaders(file) });
  },
);
