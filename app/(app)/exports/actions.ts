"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { previewExport } from "@/lib/exports/use-cases/preview-export";
import { createExportSchema, exportFilterSchema } from "@/lib/validation/export";

/**
 * Creates an export (createExport); with `acceptPhi` the findings left in its seeds are accepted with that
 * reason, which the use case allows only to phi.accept. Refused for unresolved findings, the failure's `detail`
 * lists the seeds for the page to link.
 */
export const createExportAction = protectedAction(
  { permission: "export.create", input: createExportSchema },
  async (input, { user }) => {
    const created = await createExport(user, input);
    revalidatePath("/exports");
    return { id: created.id, number: created.number, phiAccepted: created.phiAccepted };
  },
);

/** How many approved seeds an export of these filters would hold now (the form, as the filters change). */
export const previewExportAction = protectedAction(
  { permission: "export.create", input: exportFilterSchema },
  async (input, { user }) => previewExport(user, input),
);
