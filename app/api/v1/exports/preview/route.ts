import { protectedRoute } from "@/lib/auth/route";
import { previewExport } from "@/lib/exports/use-cases/preview-export";
import { exportFilterSchema } from "@/lib/validation/export";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/exports/preview?topic=&view=&type=&difficulty=4,5: how many approved seeds an export of this
 * filter would hold if made now. Nothing is written.
 */
export const GET = protectedRoute(
  { permission: "export.create", query: exportFilterSchema },
  async ({ query, user }) => ({ data: await previewExport(user, query) }),
);
