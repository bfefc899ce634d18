import { apiError, protectedRoute } from "@/lib/auth/route";
import { exportItems, getExport } from "@/lib/exports/store";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{id}: the export's record, with the seed ids and revisions it holds. */
export const GET = protectedRoute({ permission: "export.read" }, async ({ params }) => {
  const id = String(params.id);
  const found = await getExport(id);
  if (!found) return apiError("NOT_FOUND", "No export with that id.");
  return { data: { ...found, items: await exportItems(id, 100_000) } };
});
