"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { importSeedsFromBuffer } from "@/lib/seeds/import/commit";
import { fileSizeProblem } from "@/lib/seeds/import/limits";
import { errorSummary } from "@/lib/seeds/import/report-text";
import type { ImportReport } from "@/lib/seeds/import/types";

// Both actions take the file itself: the commit parses and validates it again on the server rather than
// trusting anything the browser kept from the preview.
const importFormSchema = z.object({
  file: z.instanceof(File, { error: "Choose a file to import" }),
  status: z.enum(["DRAFT", "APPROVED"], { error: "Choose Draft or Approved" }).default("DRAFT"),
});

async function run(input: z.output<typeof importFormSchema>, user: SessionUser, dryRun: boolean) {
  const tooBig = fileSizeProblem(input.file.size);
  if (tooBig) throw new AppError("INVALID", tooBig, { file: [tooBig] });
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  return importSeedsFromBuffer(bytes, {
    fileName: input.file.name.slice(0, 255) || "upload",
    status: input.status,
    actor: { id: user.id, roles: user.roles },
    dryRun,
  });
}

export const previewImportAction = protectedAction(
  { permission: "seed.import", input: importFormSchema },
  async (input, { user }): Promise<ImportReport> => run(input, user, true),
);

export const commitImportAction = protectedAction(
  { permission: "seed.import", input: importFormSchema },
  async (input, { user }): Promise<ImportReport> => {
    const report = await run(input, user, false);
    if (!report.committed) throw new AppError("INVALID", errorSummary(report));
    revalidatePath("/seeds");
    return report;
  },
);
