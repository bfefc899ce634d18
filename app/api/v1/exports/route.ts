import { protectedRoute } from "@/lib/auth/route";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { listExports } from "@/lib/exports/use-cases/list-exports";
import { createExportSchema } from "@/lib/validation/export";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports: the latest exports, newest first. */
export const GET = protectedRoute({ permission: "export.read" }, async ({ user }) => ({
  data: await listExports(user),
}));

/** POST /api/v1/exports {format, filter?}: snapshots the approved seeds matching the filter. */
export const POST = protectedRoute(
  { permission: "export.create", body: createExportSchema },
  async ({ body, user }) => Response.json({ data: await createExport(user, body) }, { status: 201 }),
);
