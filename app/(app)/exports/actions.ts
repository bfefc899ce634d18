"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { createExport } from "@/lib/exports/use-cases/create-export";
import { createExportSchema } from "@/lib/validation/export";

export const createExportAction = protectedAction(
  { permission: "export.create", input: createExportSchema },
  async (input, { user }) => {
    const created = await createExport(user, input);
    revalidatePath("/exports");
    return { id: created.id, number: created.number };
  },
);
