import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { jobIdsByNumber } from "@/lib/generation/jobs";
import type { LicenceCount } from "@/lib/provenance/summary";
import type { CreateReleaseInput } from "@/lib/validation/dataset";
import { enqueueRelease } from "../queue";
import { publishQuality } from "../releases/quality";
import { jobsSources, licenceConflict, licenceWarnings } from "../releases/sources";
import { createRelease, failRelease } from "../releases/store";

export type PublishedRelease = {
  id: string;
  number: number;
  /** some seed behind it is under a NonCommercial licence: recorded on the release and its card */
  nonCommercial: boolean;
  licences: LicenceCount[];
  /** for the person publishing: non-commercial terms, unrecorded licences */
  warnings: string[];
};

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
 *
 * The quality gate: when the jobs' spot checks estimate a share acceptable below the admin's threshold, or a
 * record graded unsafe is still in, publishing needs a stated reason (`acceptLowQuality`), kept on the release,
 * in the audit entry and in the dataset card. Checked here, at publish time, whatever the form showed.
 */
export async function publishRelease(
  actor: Actor,
  input: PublishReleaseInput,
  opts: { build?: "queue" | "caller" } = {},
): Promise<PublishedRelease> {
  authorize(actor, "dataset.publish");
  const { name, threshold, license, acceptLowQuality, minRating } = input;
  const jobIds = "jobNumbers" in input ? await jobIdsByNumber(input.jobNumbers) : input.jobIds;
  const quality = await publishQuality([...new Set(jobIds)]);
  if (quality.concerns.length && !acceptLowQuality)
    throw new AppError(
      "INVALID",
      `This release needs a confirmation: ${quality.concerns.join("; ")}. Exclude or fix the records first, or publish anyway with a reason (the form's confirmation, "acceptLowQuality" in the API, --accept-low-quality "REASON" on the command line).`,
      { acceptLowQuality: ["Give the reason for publishing below the quality threshold."] },
    );
  // The seeds' licences and citations, recorded on the release (its card states them); a NonCommercial one
  // is warned about here, in every door's answer, and a chosen licence that would grant more is refused.
  const sources = await jobsSources(jobIds);
  const conflict = licenceConflict(sources, license);
  if (conflict) throw new AppError("INVALID", conflict, { license: [conflict] });
  const created = await createRelease(
    { name, threshold, license, jobIds, minRating },
    actor,
    { quality, reason: quality.concerns.length ? (acceptLowQuality ?? null) : null },
    sources,
  );
  const release = {
    ...created,
    nonCommercial: sources.nonCommercial,
    licences: sources.licences,
    warnings: licenceWarnings(sources),
  };
  if (opts.build === "caller") return release;
  await enqueueRelease(release.id).catch(async (error: unknown) => {
    console.error("[dataset] could not queue a release:", error);
    await failRelease(release.id, QUEUE_DOWN);
    throw new AppError("CONFLICT", QUEUE_DOWN);
  });
  return release;
}
