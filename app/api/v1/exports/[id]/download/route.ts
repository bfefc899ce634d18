import { apiError, protectedRoute } from "@/lib/auth/route";
import { downloadHeaders, exportStream, getExport } from "@/lib/exports/store";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{id}/download: the stored bytes, streamed, identical every time (see the SHA-256 header). */
export const GET = protectedRoute({ permission: "export.read" }, async ({ params }) => {
  const found = await getExport(String(params.id));
  if (!found) return apiError("NOT_FOUND", "No export with that id.");
  return new Response(exportStream(found.id), { headers: downloadHeaders(found) });
});
