"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { editRecord, setExcluded } from "@/lib/dataset/curation";
import { enqueueAnalysis, enqueueRelease } from "@/lib/dataset/queue";
import { createRelease, failRelease } from "@/lib/dataset/releases/store";
import { gradeItem, spotCheckSummary, startSpotCheck } from "@/lib/dataset/spot-checks";
import { AppError } from "@/lib/errors";
import {
  createReleaseSchema,
  editRecordSchema,
  excludeRecordSchema,
  gradeSchema,
  startSpotCheckSchema,
} from "@/lib/validation/dataset";

// Curation, spot checks and publishing. Long work (analysis, building a release) is only queued here.

const QUEUE_DOWN =
  "The background queue could not be reached, so nothing was built. Publish again in a moment.";

/** The analysis follows curation; a queue that cannot be reached must not undo the edit that was saved. */
async function reanalyse(jobId: string) {
  await enqueueAnalysis(jobId).catch((error: unknown) =>
    console.error(`[dataset] could not queue the analysis of job ${jobId}:`, error),
  );
}

export const editRecordAction = protectedAction(
  { permission: "dataset.curate", input: editRecordSchema },
  async (input, { user }) => {
    const result = await editRecord(input, user);
    await reanalyse(result.jobId);
    revalidatePath(`/datasets/records/${input.taskId}`);
    return result;
  },
);

export const excludeRecordAction = protectedAction(
  { permission: "dataset.curate", input: excludeRecordSchema },
  async (input, { user }) => {
    const result = await setExcluded(input, user);
    await reanalyse(result.jobId);
    revalidatePath(`/datasets/records/${input.taskId}`);
    return result;
  },
);

export const startSpotCheckAction = protectedAction(
  { permission: "dataset.spotcheck", input: startSpotCheckSchema },
  async ({ jobId, marginOfError }, { user }) => {
    const check = await startSpotCheck(jobId, marginOfError, user);
    revalidatePath(`/datasets/jobs/${jobId}`);
    return check;
  },
);

export const gradeAction = protectedAction(
  { permission: "dataset.spotcheck", input: gradeSchema },
  async (input, { user }) => {
    const { jobId } = await gradeItem(input, user);
    revalidatePath(`/datasets/jobs/${jobId}`);
    return spotCheckSummary(input.spotCheckId);
  },
);

export const createReleaseAction = protectedAction(
  { permission: "dataset.publish", input: createReleaseSchema },
  async (input, { user }) => {
    const release = await createRelease(input, user);
    await enqueueRelease(release.id).catch(async (error: unknown) => {
      console.error("[dataset] could not queue a release:", error);
      await failRelease(release.id, QUEUE_DOWN);
      throw new AppError("CONFLICT", QUEUE_DOWN);
    });
    revalidatePath("/datasets");
    return release;
  },
);
