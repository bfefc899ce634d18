import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Distributions } from "@/lib/dataset/analysis/compute";
import { RELEASE_FORMAT_INFO, type ReleaseFormat, releaseFileName } from "@/lib/dataset/publish/formats";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isLive } from "@/lib/generation/job-states";
import type { SourcesSummary } from "@/lib/provenance/summary";
import { chunkReader } from "@/lib/storage/chunks";
import type { CreateReleaseInput } from "@/lib/validation/dataset";
import type { PublishQuality, SpotCheckEstimate } from "./quality";

// Releases as the app sees them: asked for (a row, then a worker builds it: ./build.ts), listed, and their
// files streamed byte for byte as stored.

/** What the quality gate saw at publish time, and the reason given when it asked for one. */
export type ReleaseQualityRecord = { quality: PublishQuality; reason: string | null };

/**
 * Why a release has no record to publish, from what its jobs' kept records were left out for: the one message
 * of the refusal at publish and of the build's failure (records excluded while it waited).
 */
export function nothingToPublish(
  left: { excluded: number; unanswered: number; belowRating: number },
  minRating: number | null,
): AppError {
  const kept = left.excluded + left.unanswered + left.belowRating;
  const why = [
    `${left.excluded} excluded`,
    `${left.unanswered} without an answer`,
    ...(minRating !== null ? [`${left.belowRating} rated below ${minRating} or unrated`] : []),
  ].join(", ");
  const next = left.belowRating
    ? " Lower the minimum rating, or rate the jobs first."
    : left.unanswered
      ? " Resume the jobs to answer the rest."
      : "";
  const message = kept
    ? `There is nothing to publish: of the ${kept} kept record${kept === 1 ? "" : "s"}, ${why}.${next}`
    : "There is nothing to publish: the chosen jobs kept no record.";
  return new AppError(
    "INVALID",
    message,
    left.belowRating ? { minRating: [message] } : { jobIds: [message] },
  );
}

/**
 * Refused at publish rather than failed by the build a moment later: the jobs have no answered record that is
 * not excluded (and rated at least `minRating`, when the release asks for one). One indexed EXISTS; the counts
 * that say why only when it finds none.
 */
async function refuseNothingToPublish(jobIds: string[], minRating: number | null): Promise<void> {
  const [found] = await db.$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "GeneratedTask" t
       WHERE t."jobId" = ANY(${jobIds}::text[]) AND t.kept AND NOT t.excluded
         AND t."responseStatus" = 'DONE' AND t.output IS NOT NULL
         AND (${minRating}::float8 IS NULL OR t."qualityScore" >= ${minRating}::float8)) AS any`;
  if (found?.any) return;
  const [n] = await db.$queryRaw<{ excluded: number; unanswered: number; answered: number }[]>`
    SELECT count(*) FILTER (WHERE t.excluded)::int AS excluded,
           count(*) FILTER (WHERE NOT t.excluded
                             AND (t."responseStatus" = 'DONE' AND t.output IS NOT NULL) IS NOT TRUE)::int
             AS unanswered,
           count(*) FILTER (WHERE NOT t.excluded AND t."responseStatus" = 'DONE' AND t.output IS NOT NULL)::int
             AS answered
      FROM "GeneratedTask" t WHERE t."jobId" = ANY(${jobIds}::text[]) AND t.kept`;
  // None found: every answered record that is not excluded is below the minimum rating (there is one here).
  throw nothingToPublish(
    { excluded: n?.excluded ?? 0, unanswered: n?.unanswered ?? 0, belowRating: n?.answered ?? 0 },
    minRating,
  );
}

export async function createRelease(
  input: CreateReleaseInput,
  actor: Actor,
  gate: ReleaseQualityRecord | null = null,
  /** the licences and citations of the jobs' seeds (./sources.ts), recorded on the release */
  sources?: SourcesSummary,
) {
  const jobIds = [...new Set(input.jobIds)];
  const jobs = await db.generationJob.findMany({
    where: { id: { in: jobIds } },
    select: { id: true, number: true, state: true },
  });
  if (jobs.length !== jobIds.length)
    throw new AppError("NOT_FOUND", "One of the chosen jobs does not exist (it may have been deleted).");
  const running = jobs.filter((j) => isLive(j.state));
  if (running.length)
    throw new AppError(
      "CONFLICT",
      `Job ${running.map((j) => `#${j.number}`).join(", ")} is still running: publish once it has finished (or pause it).`,
      { jobIds: ["Choose finished or paused jobs"] },
    );
  await refuseNothingToPublish(jobIds, input.minRating ?? null);
  // Records are taken job by job in the order jobs were made, so a union reads the same whichever way it
  // was ticked.
  const ordered = [...jobs].sort((a, b) => a.number - b.number).map((j) => j.id);
  return db.$transaction(async (tx) => {
    // The same release asked for twice (a form sent again, an API client retrying after a timeout): one is
    // recorded and built, the second told, rather than two builds of the same records. Under a lock on the name,
    // so two at once see each other.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`release:${input.name}`}, 18))`;
    const same = await tx.datasetRelease.findFirst({
      where: {
        name: input.name,
        state: "PENDING",
        jobIds: { equals: ordered },
        threshold: input.threshold,
        license: input.license || null,
        minRating: input.minRating ?? null,
      },
      select: { number: true },
    });
    if (same)
      throw new AppError(
        "CONFLICT",
        `Release #${same.number}, the same release (name, jobs and settings), is being built: wait for it, or publish under another name.`,
      );
    const release = await tx.datasetRelease.create({
      data: {
        name: input.name,
        jobIds: ordered,
        threshold: input.threshold,
        license: input.license || null,
        minRating: input.minRating ?? null,
        creatorId: actor.id,
        publishQuality: gate ? (gate.quality as unknown as Prisma.InputJsonValue) : undefined,
        lowQualityReason: gate?.reason ?? null,
        ...(sources
          ? { sources: sources as unknown as Prisma.InputJsonValue, nonCommercial: sources.nonCommercial }
          : {}),
      },
      select: { id: true, number: true },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.release.create",
        targetType: "DatasetRelease",
        targetId: release.id,
        after: {
          number: release.number,
          name: input.name,
          jobs: jobs.map((j) => j.number).sort((a, b) => a - b),
          threshold: input.threshold,
          ...(gate
            ? {
                spotCheck: gate.quality.estimate,
                unsafe: gate.quality.unsafe,
                minAcceptable: gate.quality.minAcceptable,
                ...(gate.reason ? { lowQualityReason: gate.reason, concerns: gate.quality.concerns } : {}),
              }
            : {}),
          ...(sources ? { licences: sources.licences, nonCommercial: sources.nonCommercial } : {}),
        },
      },
      tx,
    );
    return release;
  });
}

export async function failRelease(id: string, message: string): Promise<void> {
  await db.datasetRelease.updateMany({
    where: { id, state: "PENDING" },
    data: { state: "FAILED", error: message },
  });
}

export type ReleaseFileSummary = {
  format: ReleaseFormat;
  label: string;
  fileName: string;
  byteSize: number;
  sha256: string;
};

/** What a build states about a release (stored as JSON; the dataset card says the same). */
export type ReleaseStats = Distributions & {
  jobs: { number: number; seedSource: string; released: number; kept: number }[];
  /** estimated share acceptable over the jobs spot-checked (`jobs` of them) */
  spotCheck: SpotCheckEstimate | null;
  edited: number;
  /** kept records left out for want of a response */
  unanswered: number;
  /** near-duplicates left out: of a record of another job (or its seeds), of one of the same job */
  crossJobDuplicates: number;
  withinJobDuplicates: number;
  /** issue 17: records left out for a rating below the release's minimum (absent on older releases) */
  belowRating?: number;
  minRating?: number | null;
};

export type ReleaseSummary = {
  id: string;
  number: number;
  name: string;
  state: "PENDING" | "READY" | "FAILED";
  error: string | null;
  threshold: number;
  license: string | null;
  recordCount: number;
  excludedCount: number;
  duplicateCount: number;
  jobs: { id: string; number: number }[];
  creator: string;
  createdAt: Date;
  readyAt: Date | null;
  files: ReleaseFileSummary[];
  stats: ReleaseStats | null;
  card: string | null;
  /** the reason given for publishing below the quality threshold */
  lowQualityReason: string | null;
  /** the licences and citations of the seeds behind it (issue 15); null for releases from before */
  sources: SourcesSummary | null;
  /** some of those seeds are under a NonCommercial licence: non-commercial use only */
  nonCommercial: boolean;
};

const ORDER: ReleaseFormat[] = ["alpaca", "jsonl", "csv", "hf"];

/** Lists leave the dataset card out (it runs to pages); one release carries it. */
async function summaries(where: { id?: string }, take?: number): Promise<ReleaseSummary[]> {
  const rows = await db.datasetRelease.findMany({
    where,
    orderBy: { createdAt: "desc" },
    take,
    omit: { card: !where.id, buildToken: true },
    include: { files: true, creator: { select: { name: true, email: true } } },
  });
  const jobIds = [...new Set(rows.flatMap((r) => r.jobIds))];
  const jobs = await db.generationJob.findMany({
    where: { id: { in: jobIds } },
    select: { id: true, number: true },
  });
  const numberOf = new Map(jobs.map((j) => [j.id, j.number]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    state: r.state,
    error: r.error,
    threshold: r.threshold,
    license: r.license,
    recordCount: r.recordCount,
    excludedCount: r.excludedCount,
    duplicateCount: r.duplicateCount,
    jobs: r.jobIds.map((id) => ({ id, number: numberOf.get(id) ?? 0 })),
    creator: r.creator.name ?? r.creator.email,
    createdAt: r.createdAt,
    readyAt: r.readyAt,
    files: r.files
      .map((f) => {
        const format = f.format as ReleaseFormat;
        return {
          format,
          label: RELEASE_FORMAT_INFO[format].label,
          fileName: releaseFileName(r.number, format),
          byteSize: Number(f.byteSize),
          sha256: f.sha256,
        };
      })
      .sort((a, b) => ORDER.indexOf(a.format) - ORDER.indexOf(b.format)),
    stats: r.stats as ReleaseStats | null,
    card: r.card ?? null,
    lowQualityReason: r.lowQualityReason,
    sources: (r.sources as unknown as SourcesSummary | null) ?? null,
    nonCommercial: r.nonCommercial,
  }));
}

/** A release as the API answers it: without the card (a file of its own) and the stats beyond the types. */
export function releaseForApi({ card: _card, stats, ...release }: ReleaseSummary) {
  return { ...release, types: stats?.types };
}

export async function listReleases(limit = 100): Promise<ReleaseSummary[]> {
  return summaries({}, limit);
}

export async function getRelease(id: string): Promise<ReleaseSummary | null> {
  return (await summaries({ id }))[0] ?? null;
}

/** A release file's bytes, streamed from the stored chunks (text files are stored gzipped, the zip as it is). */
export function releaseFileStream(releaseId: string, format: ReleaseFormat): ReadableStream<Uint8Array> {
  return chunkReader(async (seq) => {
    const chunk = await db.datasetReleaseChunk.findUnique({
      where: { releaseId_format_seq: { releaseId, format, seq } },
      select: { data: true },
    });
    return chunk?.data ?? null;
  }, format !== "hf");
}

export function releaseDownloadHeaders(file: ReleaseFileSummary): HeadersInit {
  return {
    "Content-Type": RELEASE_FORMAT_INFO[file.format].contentType,
    "Content-Length": String(file.byteSize),
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    ETag: `"${file.sha256}"`,
    "X-Content-SHA256": file.sha256,
  };
}
