import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { jobIdsByNumber } from "@/lib/generation/jobs";
import type { CreateReleaseInput } from "@/lib/validation/dataset";
import { enqueueRelease } from "../queue";
import { createRelease, failRelease } from "../releases/store";

/** The jobs of a release by id (the form, the API) or by number (the command line's --job 7). */
export type PublishReleaseInput =
  | CreateReleaseInput
  | (Omit<CreateReleaseInput, "jobIds"> & { jobNumbers: number[] });

const QUEUE_DOWN =
  "The background queue could not be reached, so nothing was built. Publish again in a moment.";

/**
 * Records a release of finished jobs (PENDING, audited as dataset.release.create) and gets it built: queued
 * for a worker, or built by the caller in its own process (`build: "caller"`, the command line). A queue that
 * cannot be reached fails the release at once, so nothing waits for a build that will never come.
 */
export async function publishRelease(
  actor: Actor,
  input: PublishReleaseInput,
  opts: { build?: "queue" | "caller" } = {},
): Promise<{ id: string; number: number }> {
  authorize(actor, "dataset.publish");
  const { name, threshold, license, minRating } = input;
  const jobIds = "jobNumbers" in input ? await jobIdsByNumber(input.jobNumbers) : input.jobIds;
  const release = await createRelease({ name, threshold, license, jobIds, minRating }, actor);
  if (opts.build === "caller") return release;
  await enqueueRelease(release.id).catch(async (error: unknown) => {
    console.error("[dataset] could not queue a release:", error);
    await failRelease(release.id, QUEUE_DOWN);
    throw new AppError("CONFLICT", QUEUE_DOWN);
  });
  return release;
}
