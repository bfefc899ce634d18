import { protectedRoute } from "@/lib/auth/route";
import { createExport, listExports } from "@/lib/exports/store";
import { createExportSchema } from "@/lib/validation/export";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports: the latest exports, newest first. */
export const GET = protectedRoute({ permission: "export.read" }, async () => ({ data: await listExports() }));

/** POST /api/v1/exports {format, filter?}: snapshots the approved seeds matching the filter. */
export const POST = protectedRoute(
  { permission: "export.create", body: createExportSchema },
  async ({ body, user }) => {
    const created = await createExport(body.format, body.filter, user);
    return Response.json({ data: created }, { status: 201 });
  },
);
