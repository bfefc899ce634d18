import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { type Distributions, distributions } from "@/lib/dataset/analysis/compute";
import { viewGroupResolver } from "@/lib/dataset/analysis-store";
import { type KeptRecord, keptRecords } from "@/lib/dataset/kept-records";
import { type CardInput, datasetCard } from "@/lib/dataset/publish/card";
import { recordRenderer, releaseFolder, type TextReleaseFormat } from "@/lib/dataset/publish/formats";
import { hfZipWriter } from "@/lib/dataset/publish/hf-zip";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { isLive } from "@/lib/generation/job-states";
import type { JobSeed } from "@/lib/generation/types";
import { VIEW_GROUP_LABELS, type ViewGroupName } from "@/lib/model/vocabulary";
import type { SourcesSummary } from "@/lib/provenance/summary";
import { chunkWriter } from "@/lib/storage/chunks";
import type { JobSettings } from "@/lib/validation/generation";
import { publishQuality } from "./quality";
import { nothingToPublish, type ReleaseStats } from "./store";

// Builds a release's files (run by a background worker, see lib/dataset/queue.ts). The records: each source
// job's publishable records in job order, then kept order, de-duplicated with Alpaca's rule (a record stays
// only if its highest ROUGE-L F1 against the jobs' seeds and every record taken before it is at most the
// threshold). The release stays PENDING, and cannot be downloaded, until every file is written.
//
// One build at a time: a build claims the release with a lease (buildToken, renewed while it works) and every
// row it writes is written only while that token is the release's; a worker that stalls past its lease loses
// it to the next attempt and its late writes change nothing. A build that died part-way is started afresh by
// a retry of its message (or the dataset queue's sweep); one refused for a reason a person can act on (nothing
// to publish, a job gone) is FAILED at once, and after MAX_ATTEMPTS failed attempts it is FAILED too.

const ITEM_BATCH = 5000;
const TEXT_FORMATS: TextReleaseFormat[] = ["alpaca", "jsonl", "csv"];
const LEASE_MS = 60_000;
const RENEW_MS = 15_000;
const MAX_ATTEMPTS = 5;

/** This build no longer holds the release: another attempt took it over, or it is no longer PENDING. */
class LostLease extends Error {}

async function loadJobs(ids: string[]) {
  const jobs = await db.generationJob.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      number: true,
      state: true,
      seedSource: true,
      seeds: true,
      settings: true,
      target: true,
      keptCount: true,
      rngSeed: true,
      export: { select: { number: true, sha256: true } },
      taskPrompt: { select: { version: true } },
      responsePrompt: { select: { version: true } },
    },
  });
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return ids.map((id) => {
    const job = byId.get(id);
    if (!job) throw new AppError("NOT_FOUND", "A source job of this release no longer exists.");
    return job;
  });
}

/** A release being built under a lease: every write goes through here and is refused once it is lost. */
class Build {
  private renewedAt = Date.now();

  constructor(
    readonly releaseId: string,
    readonly token: string,
  ) {}

  /** Extends the lease when due; throws LostLease when another build holds it now. */
  async keep(): Promise<void> {
    if (Date.now() - this.renewedAt < RENEW_MS) return;
    const n = await db.$executeRaw`
      UPDATE "DatasetRelease" SET "buildUntil" = now() + make_interval(secs => ${LEASE_MS / 1000}::float8)
       WHERE id = ${this.releaseId} AND state = 'PENDING' AND "buildToken" = ${this.token}`;
    if (n === 0) throw new LostLease();
    this.renewedAt = Date.now();
  }

  private mine = () => db.$queryRaw<{ ok: number }[]>`
    SELECT 1 AS ok FROM "DatasetRelease" WHERE id = ${this.releaseId} AND state = 'PENDING' AND "buildToken" = ${this.token}`;

  async items(rows: KeptRecord[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ITEM_BATCH) {
      await this.keep();
      const batch = rows.slice(start, start + ITEM_BATCH);
      const n = await db.$executeRaw`
        INSERT INTO "DatasetReleaseItem" ("releaseId", "position", "taskId", "curationVersion")
        SELECT ${this.releaseId}, ${start} + x.n - 1, x.task, x.version
          FROM unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => r.curationVersion)}::int[])
               WITH ORDINALITY AS x(task, version, n)
         WHERE EXISTS (SELECT 1 FROM "DatasetRelease" d
                        WHERE d.id = ${this.releaseId} AND d.state = 'PENDING' AND d."buildToken" = ${this.token})`;
      if (n === 0) throw new LostLease();
    }
  }

  async file(
    format: string,
    gzipLevel: number | null,
    fill: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>,
  ) {
    let seq = 0;
    const sink = chunkWriter(gzipLevel, async (piece) => {
      await this.keep();
      const n = await db.$executeRaw`
        INSERT INTO "DatasetReleaseChunk" ("releaseId", "format", "seq", "data")
        SELECT ${this.releaseId}, ${format}, ${seq}, ${new Uint8Array(piece)}
         WHERE EXISTS (SELECT 1 FROM "DatasetRelease" d
                        WHERE d.id = ${this.releaseId} AND d.state = 'PENDING' AND d."buildToken" = ${this.token})`;
      if (n === 0) throw new LostLease();
      seq++;
    });
    await fill((data) => sink.write(data));
    const file = await sink.end();
    if (!(await this.mine()).length) throw new LostLease();
    await db.datasetReleaseFile.create({
      data: {
        releaseId: this.releaseId,
        format,
        sha256: file.sha256,
        byteSize: BigInt(file.byteSize),
        storedSize: BigInt(file.storedSize),
      },
    });
    return file;
  }
}

/** The card and the release page name view groups as people do ("Patient / public"). */
const viewGroupsInWords = (d: Distributions): Distributions => ({
  ...d,
  viewGroups: d.viewGroups.map((c) => ({
    ...c,
    label: VIEW_GROUP_LABELS[c.label as ViewGroupName] ?? c.label,
  })),
});

/** Takes the release for this build, or returns null when it is built, failed, or held by a live build. */
async function claim(releaseId: string): Promise<{ token: string; attempts: number } | null> {
  const token = randomUUID();
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE "DatasetRelease"
       SET "buildToken" = ${token}, "buildUntil" = now() + make_interval(secs => ${LEASE_MS / 1000}::float8),
           "buildAttempts" = "buildAttempts" + 1
     WHERE id = ${releaseId} AND state = 'PENDING' AND ("buildUntil" IS NULL OR "buildUntil" < now())
    RETURNING "buildAttempts" AS attempts`;
  return rows[0] ? { token, attempts: rows[0].attempts } : null;
}

/** Ends the build as FAILED with a message for a person, removing what it wrote; only while it holds it. */
async function fail(releaseId: string, token: string, message: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE "DatasetRelease" SET state = 'FAILED', error = ${message}, "buildToken" = NULL, "buildUntil" = NULL
       WHERE id = ${releaseId} AND state = 'PENDING' AND "buildToken" = ${token}`;
    if (n === 0) return;
    await tx.datasetReleaseChunk.deleteMany({ where: { releaseId } });
    await tx.datasetReleaseFile.deleteMany({ where: { releaseId } });
    await tx.datasetReleaseItem.deleteMany({ where: { releaseId } });
  });
}

export async function buildRelease(releaseId: string, log: (line: string) => void = () => {}): Promise<void> {
  const release = await db.datasetRelease.findUnique({ where: { id: releaseId } });
  if (release?.state !== "PENDING") return;
  const claimed = await claim(releaseId);
  if (!claimed) return; // built, failed, or a live build holds it
  if (claimed.attempts > MAX_ATTEMPTS) {
    await fail(
      releaseId,
      claimed.token,
      `The release could not be built in ${MAX_ATTEMPTS} attempts (the server log has the details). Publish it again.`,
    );
    return;
  }
  const build = new Build(releaseId, claimed.token);
  try {
    // A build that died part-way left rows behind: start afresh (only the lease holder gets here).
    await db.$transaction([
      db.datasetReleaseChunk.deleteMany({ where: { releaseId } }),
      db.datasetReleaseFile.deleteMany({ where: { releaseId } }),
      db.datasetReleaseItem.deleteMany({ where: { releaseId } }),
    ]);
    const jobs = await loadJobs(release.jobIds);
    // Published from finished or paused jobs: one resumed since is writing records nobody has seen (and the
    // publish's quality gate did not look at). Refused, saying what to do, rather than built from a moving job.
    const live = jobs.filter((j) => isLive(j.state));
    if (live.length) {
      await fail(
        releaseId,
        claimed.token,
        `Job ${live.map((j) => `#${j.number}`).join(", ")} was resumed after this release was asked for: its records are still being written. Publish again once it has finished (or pause it).`,
      );
      return;
    }
    const deduper = new IncrementalDeduper(release.threshold);
    // Every job's seeds are references (seed ids of CLI jobs repeat across jobs, so they are kept apart).
    for (const job of jobs)
      for (const s of job.seeds as unknown as JobSeed[])
        deduper.addReference(`seed:${job.id}:${s.id}`, s.instruction);

    const rows: KeptRecord[] = [];
    const jobOf = new Map<string, string>();
    const released = new Map<string, number>();
    let excluded = 0;
    let unanswered = 0;
    let belowRating = 0;
    let crossJob = 0;
    let withinJob = 0;
    for (const job of jobs) {
      const source = {
        id: job.id,
        number: job.number,
        taskPromptVersion: job.taskPrompt.version,
        responsePromptVersion: job.responsePrompt.version,
      };
      for await (const row of keptRecords(source, "curated")) {
        if (row.excluded) {
          excluded++;
          continue;
        }
        if (!row.answered) {
          unanswered++;
          continue;
        }
        // A release that requires a minimum rating leaves out what is rated lower, or not rated.
        if (
          release.minRating !== null &&
          !(row.qualityScore !== null && row.qualityScore >= release.minRating)
        ) {
          belowRating++;
          continue;
        }
        // The same decisions as the generation's offer(); no score is stored, so none below it is sought.
        const decision = deduper.admit(row.id, row.instruction);
        if (decision.kept) {
          rows.push(row);
          jobOf.set(row.id, job.id);
          released.set(job.id, (released.get(job.id) ?? 0) + 1);
        } else {
          const other = decision.mostSimilar ?? "";
          if (other.startsWith("seed:") ? !other.startsWith(`seed:${job.id}:`) : jobOf.get(other) !== job.id)
            crossJob++;
          else withinJob++;
        }
      }
      await build.keep();
    }
    if (!rows.length) throw nothingToPublish({ excluded, unanswered, belowRating }, release.minRating);

    await build.items(rows);
    const files: Record<string, { sha256: string; byteSize: number }> = {};
    for (const format of TEXT_FORMATS) {
      const renderer = recordRenderer(format);
      files[format] = await build.file(format, 6, async (write) => {
        await write(renderer.head);
        for (let i = 0; i < rows.length; i++) await write(renderer.row(rows[i] as KeptRecord, i));
        await write(renderer.tail(rows.length));
      });
    }

    const counts = viewGroupsInWords(distributions(rows, await viewGroupResolver()));
    const edited = rows.filter((r) => r.edited).length;
    const cardJobs: CardInput["jobs"] = jobs.map((job) => {
      const settings = job.settings as unknown as JobSettings;
      return {
        number: job.number,
        seedSource: job.seedSource,
        seedExport: job.export,
        seedCount: (job.seeds as unknown[]).length,
        seedsPerRequest: settings.seedsPerRequest,
        threshold: settings.threshold,
        taskModel: settings.taskModel,
        responseModel: settings.responseModel,
        taskPromptVersion: job.taskPrompt.version,
        responsePromptVersion: job.responsePrompt.version,
        rngSeed: job.rngSeed,
        target: job.target,
        kept: job.keptCount,
        released: released.get(job.id) ?? 0,
      };
    });
    const quality = await publishQuality(jobs.map((j) => j.id));
    const spotCheck = quality.estimate;
    const card = datasetCard({
      number: release.number,
      title: release.name,
      license: release.license,
      createdAt: release.createdAt,
      recordCount: rows.length,
      trainSha256: files.jsonl?.sha256 ?? "",
      jobs: cardJobs,
      stats: counts,
      sources: (release.sources as unknown as SourcesSummary | null) ?? null,
      curation: {
        excluded,
        edited,
        crossJobDuplicates: crossJob,
        threshold: release.threshold,
        spotCheck,
        unsafe: quality.unsafe,
        lowQualityReason: release.lowQualityReason,
        minRating: release.minRating === null ? undefined : { min: release.minRating, left: belowRating },
      },
    });
    const jsonl = recordRenderer("jsonl");
    await build.file("hf", null, async (write) => {
      const zip = hfZipWriter(releaseFolder(release.number), write);
      for (let i = 0; i < rows.length; i++) await zip.addRecordText(jsonl.row(rows[i] as KeptRecord, i));
      await zip.finish(card);
    });

    const stats: ReleaseStats = {
      ...counts,
      jobs: cardJobs,
      spotCheck,
      edited,
      unanswered,
      crossJobDuplicates: crossJob,
      withinJobDuplicates: withinJob,
      belowRating,
      minRating: release.minRating,
    };
    const done = await db.datasetRelease.updateMany({
      where: { id: releaseId, state: "PENDING", buildToken: claimed.token },
      data: {
        state: "READY",
        recordCount: rows.length,
        excludedCount: excluded,
        duplicateCount: crossJob + withinJob,
        stats: stats as unknown as Prisma.InputJsonValue,
        card,
        readyAt: new Date(),
        error: null,
        buildToken: null,
        buildUntil: null,
      },
    });
    if (done.count === 0) throw new LostLease();
    await recordAudit({
      actorId: release.creatorId,
      action: "dataset.release.ready",
      targetType: "DatasetRelease",
      targetId: releaseId,
      after: {
        number: release.number,
        records: rows.length,
        duplicates: crossJob + withinJob,
        excluded,
        files,
      },
    });
    log(
      `release #${release.number}: ${rows.length} records, ${crossJob + withinJob} near-duplicates left out`,
    );
  } catch (error) {
    if (error instanceof LostLease) {
      log(`release #${release.number}: another build took it over`);
      return;
    }
    if (error instanceof AppError) {
      await fail(releaseId, claimed.token, error.message);
      return;
    }
    // Unexpected (a lost connection, a shutdown): the release stays PENDING for the message's retry, the
    // error noted for people watching, the lease given up so that the retry need not wait for it.
    console.error(`[release] #${release.number} attempt ${claimed.attempts} failed:`, error);
    await db.datasetRelease
      .updateMany({
        where: { id: releaseId, state: "PENDING", buildToken: claimed.token },
        data: {
          error: `Attempt ${claimed.attempts} failed unexpectedly (the server log has the details); it is retried.`,
          buildToken: null,
          buildUntil: null,
        },
      })
      .catch(() => {});
    throw error;
  }
}
