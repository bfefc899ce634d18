import { apiError, protectedRoute } from "@/lib/auth/route";
import { downloadHeaders, exportStream } from "@/lib/exports/store";
import { getExport } from "@/lib/exports/use-cases/get-export";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{id}/download: the stored bytes, streamed, identical every time (see the SHA-256 header). */
export const GET = protectedRoute({ permission: "export.read" }, async ({ params, user }) => {
  const found = await getExport(user, { exportId: String(params.id) });
  if (!found) return apiError("NOT_FOUND", "No export with that id.");
  return new Response(exportStream(found.id), { headers: downloadHeaders(found) });
});
