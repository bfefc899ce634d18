"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import {
  excludeBelowRating,
  previewExcludeBelowRating,
  undoExcludeBelowRating,
} from "@/lib/dataset/use-cases/exclude-below-rating";
import { controlRatingJob } from "@/lib/rating/use-cases/command-rating-job";
import { estimateRatingJob } from "@/lib/rating/use-cases/estimate-rating-job";
import { getRatingJob } from "@/lib/rating/use-cases/get-rating-job";
import { editRubric } from "@/lib/rating/use-cases/rubric";
import { startRatingJob } from "@/lib/rating/use-cases/start-rating-job";
import {
  excludeBelowSchema,
  ratingCommandSchema,
  rubricSchema,
  startRatingSchema,
  undoExcludeBelowSchema,
} from "@/lib/validation/rating";

// Rating a job's records and acting on the ratings (issue 17). Each calls the use case the API shares.

export const estimateRatingAction = protectedAction(
  { permission: "rating.run", input: startRatingSchema },
  async (input, { user }) => estimateRatingJob(user, input),
);

export const startRatingAction = protectedAction(
  { permission: "rating.run", input: startRatingSchema },
  async (input, { user }) => {
    const job = await startRatingJob(user, input);
    if (input.generationJobId) revalidatePath(`/datasets/jobs/${input.generationJobId}`);
    return { id: job.id, number: job.number };
  },
);

export const ratingCommandAction = protectedAction(
  { permission: "rating.run", input: ratingCommandSchema },
  async (input, { user }) => {
    await controlRatingJob(user, input);
    return null;
  },
);

export const ratingProgressAction = protectedAction(
  { permission: "dataset.read", input: z.object({ jobId: z.string().min(1) }) },
  async (input, { user }) => getRatingJob(user, input),
);

export const saveRubricAction = protectedAction(
  { permission: "rating.rubric", input: rubricSchema },
  async (input, { user }) => {
    const saved = await editRubric(user, input);
    return { version: saved.version };
  },
);

export const previewExcludeBelowAction = protectedAction(
  { permission: "dataset.curate", input: excludeBelowSchema },
  async (input, { user }) => previewExcludeBelowRating(user, input),
);

export const excludeBelowAction = protectedAction(
  { permission: "dataset.curate", input: excludeBelowSchema },
  async (input, { user }) => {
    const result = await excludeBelowRating(user, input);
    revalidatePath(`/datasets/jobs/${input.jobId}`);
    return result;
  },
);

export const undoExcludeBelowAction = protectedAction(
  { permission: "dataset.curate", input: undoExcludeBelowSchema },
  async (input, { user }) => {
    const result = await undoExcludeBelowRating(user, input);
    revalidatePath(`/datasets/jobs/${input.jobId}`);
    return result;
  },
);
