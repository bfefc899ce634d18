import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { excludeBelow, previewExcludeBelow, undoExcludeBelow } from "../exclude-below";
import { requestAnalysis } from "../queue";

/** How many kept records of each task type and difficulty "exclude rated below X" would take out. */
export async function previewExcludeBelowRating(actor: Actor, input: { jobId: string; threshold: number }) {
  authorize(actor, "dataset.curate");
  return previewExcludeBelow(input.jobId, input.threshold);
}

/**
 * Excludes every kept record rated below X, as one audited action (dataset.exclude-below); the job's analysis
 * is then made again, as after any curation.
 */
export async function excludeBelowRating(actor: Actor, input: { jobId: string; threshold: number }) {
  authorize(actor, "dataset.curate");
  const result = await excludeBelow(input.jobId, input.threshold, actor);
  await requestAnalysis(input.jobId);
  return result;
}

/** Undoes one such action: its records come back unless someone changed them since. */
export async function undoExcludeBelowRating(actor: Actor, input: { jobId: string; batchId: string }) {
  authorize(actor, "dataset.curate");
  const result = await undoExcludeBelow(input.jobId, input.batchId, actor);
  await requestAnalysis(input.jobId);
  return result;
}
