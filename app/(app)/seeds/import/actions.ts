"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { fileSizeProblem } from "@/lib/seeds/import/limits";
import type { ImportJobView } from "@/lib/seeds/import/types";
import {
  commitSeedImport,
  discardSeedImport,
  getSeedImport,
  startSeedImport,
} from "@/lib/seeds/use-cases/import-seeds";
import { sourceOverrideSchema } from "@/lib/validation/source";

// The upload becomes an import job (lib/seeds/import/jobs.ts): checked, then imported from the stored file,
// never from anything the browser kept. Every action finds the job by id and owner.

const uploadSchema = z.object({
  file: z.instanceof(File, { error: "Choose a file to import" }),
  status: z.enum(["DRAFT", "APPROVED"], { error: "Choose Draft or Approved" }).default("DRAFT"),
});
const jobSchema = z.object({ id: z.string().min(1).max(64) });
/** Importing: the job, the source and licence chosen for the whole file in the preview, and the PHI choice. */
const commitSchema = jobSchema.extend({
  source: sourceOverrideSchema.optional(),
  refusePhi: z.boolean().default(false),
});

export const startImportAction = protectedAction(
  { permission: "seed.import", input: uploadSchema },
  async ({ file, status }, { user }): Promise<ImportJobView> => {
    const tooBig = fileSizeProblem(file.size);
    if (tooBig) throw new AppError("INVALID", tooBig, { file: [tooBig] });
    const bytes = new Uint8Array(await file.arrayBuffer());
    return startSeedImport(user, { fileName: file.name, status, bytes });
  },
);

export const importJobAction = protectedAction(
  { permission: "seed.import", input: jobSchema },
  async ({ id }, { user }): Promise<ImportJobView> => {
    const job = await getSeedImport(user, { id });
    if (job.state === "COMMITTED") revalidatePath("/seeds");
    return job;
  },
);

export const commitImportAction = protectedAction(
  { permission: "seed.import", input: commitSchema },
  async ({ id, source, refusePhi }, { user }): Promise<ImportJobView> => {
    const job = await commitSeedImport(user, { id, source, refusePhi });
    if (job.state === "COMMITTED") revalidatePath("/seeds");
    return job;
  },
);

export const discardImportAction = protectedAction(
  { permission: "seed.import", input: jobSchema },
  async ({ id }, { user }): Promise<null> => {
    await discardSeedImport(user, { id });
    return null;
  },
);
