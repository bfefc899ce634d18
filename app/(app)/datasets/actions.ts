"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { gradeItem, spotCheckSummary, startSpotCheck } from "@/lib/dataset/spot-checks";
import { settleSpotCheckItem } from "@/lib/dataset/use-cases/double-grading";
import { editGeneratedRecord } from "@/lib/dataset/use-cases/edit-generated-record";
import { excludeGeneratedRecord } from "@/lib/dataset/use-cases/exclude-generated-record";
import { getPublishQuality } from "@/lib/dataset/use-cases/get-publish-quality";
import { publishRelease } from "@/lib/dataset/use-cases/publish-release";
import {
  createReleaseSchema,
  editRecordSchema,
  excludeRecordSchema,
  gradeSchema,
  publishQualitySchema,
  settleSchema,
  startSpotCheckSchema,
} from "@/lib/validation/dataset";

// Curation, spot checks and publishing. Long work (analysis, building a release) is only queued.
// Spot checks have this one door, so their actions call the domain directly (protectedAction checks the
// permission); the rest go through the use cases every door shares.

export const editRecordAction = protectedAction(
  { permission: "dataset.curate", input: editRecordSchema },
  async (input, { user }) => {
    const result = await editGeneratedRecord(user, input);
    revalidatePath(`/datasets/records/${input.taskId}`);
    return result;
  },
);

export const excludeRecordAction = protectedAction(
  { permission: "dataset.curate", input: excludeRecordSchema },
  async (input, { user }) => {
    const result = await excludeGeneratedRecord(user, input);
    revalidatePath(`/datasets/records/${input.taskId}`);
    return result;
  },
);

export const startSpotCheckAction = protectedAction(
  { permission: "dataset.spotcheck", input: startSpotCheckSchema },
  async ({ jobId, marginOfError, doubleGrading }, { user }) => {
    const check = await startSpotCheck(jobId, marginOfError, user, { doubleGrading });
    revalidatePath(`/datasets/jobs/${jobId}`);
    return check;
  },
);

export const gradeAction = protectedAction(
  { permission: "dataset.spotcheck", input: gradeSchema },
  async (input, { user }) => {
    // No revalidatePath: the grader applies the returned summary itself. A revalidation re-rendered the page
    // for the URL the grade was sent from (?i=3 while the grader had moved on), which remounted the grader
    // mid-sample: its next key graded nothing. The job page is dynamic and reads fresh data when opened.
    await gradeItem(input, user);
    return spotCheckSummary(input.spotCheckId);
  },
);

export const settleAction = protectedAction(
  { permission: "dataset.spotcheck", input: settleSchema },
  async (input, { user }) => {
    const { jobId } = await settleSpotCheckItem(user, input);
    revalidatePath(`/datasets/jobs/${jobId}/spot-check`);
    return null;
  },
);

export const createReleaseAction = protectedAction(
  { permission: "dataset.publish", input: createReleaseSchema },
  async (input, { user }) => {
    const release = await publishRelease(user, input);
    revalidatePath("/datasets");
    return release;
  },
);

export const publishQualityAction = protectedAction(
  { permission: "dataset.publish", input: publishQualitySchema },
  async (input, { user }) => getPublishQuality(user, input),
);
