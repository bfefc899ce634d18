"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { createExport } from "@/lib/exports/store";
import { createExportSchema } from "@/lib/validation/export";

export const createExportAction = protectedAction(
  { permission: "export.create", input: createExportSchema },
  async ({ format, filter }, { user }) => {
    const created = await createExport(format, filter, user);
    revalidatePath("/exports");
    return { id: created.id, number: created.number };
  },
);
