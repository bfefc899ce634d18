import { apiError, protectedRoute } from "@/lib/auth/route";
import { getExport } from "@/lib/exports/use-cases/get-export";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{id}: the export's record, with the seed ids and revisions it holds. */
export const GET = protectedRoute({ permission: "export.read" }, async ({ params, user }) => {
  const found = await getExport(user, { exportId: String(params.id), items: 100_000 });
  return found ? { data: found } : apiError("NOT_FOUND", "No export with that id.");
});
