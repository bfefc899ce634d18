import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { viewGroupResolver } from "@/lib/dataset/analysis-store";
import { type CardInput, datasetCard } from "@/lib/dataset/publish/card";
import { recordRenderer, releaseFolder, type TextReleaseFormat } from "@/lib/dataset/publish/formats";
import { hfZipWriter } from "@/lib/dataset/publish/hf-zip";
import { wilsonInterval } from "@/lib/dataset/sampling";
import { latestSpotCheck } from "@/lib/dataset/spot-checks";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import type { JobSeed } from "@/lib/generation/engine/context";
import type { JobSettings } from "@/lib/validation/generation";
import { fileSink } from "./file-sink";
import { type ReleaseRow, releaseRows } from "./records";
import { ReleaseCounter } from "./stats";

// Builds a release's files (run by a background worker, see lib/dataset/queue.ts). The records: each source
// job's publishable records in job order, then kept order, de-duplicated across the jobs with Alpaca's rule
// (a record stays only if its highest ROUGE-L F1 against the jobs' seeds and every record taken before it is
// at most the threshold). The release stays PENDING, and cannot be downloaded, until every file is written;
// a build that died part-way is started afresh.

const ITEM_BATCH = 5000;
const TEXT_FORMATS: TextReleaseFormat[] = ["alpaca", "jsonl", "csv"];

type SourceJob = Awaited<ReturnType<typeof loadJobs>>[number];

async function loadJobs(ids: string[]) {
  const jobs = await db.generationJob.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      number: true,
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

async function writeItems(releaseId: string, rows: ReleaseRow[]) {
  for (let start = 0; start < rows.length; start += ITEM_BATCH) {
    const batch = rows.slice(start, start + ITEM_BATCH);
    await db.$executeRaw`
      INSERT INTO "DatasetReleaseItem" ("releaseId", "position", "taskId", "curationVersion")
      SELECT ${releaseId}, ${start} + x.n - 1, x.task, x.version
        FROM unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => r.curationVersion)}::int[])
             WITH ORDINALITY AS x(task, version, n)`;
  }
}

async function writeFile(
  releaseId: string,
  format: string,
  compress: boolean,
  fill: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>,
) {
  let seq = 0;
  const sink = fileSink(compress, async (piece) => {
    await db.$executeRaw`
      INSERT INTO "DatasetReleaseChunk" ("releaseId", "format", "seq", "data")
      VALUES (${releaseId}, ${format}, ${seq++}, ${new Uint8Array(piece)})`;
  });
  await fill((data) => sink.write(data));
  const file = await sink.end();
  await db.datasetReleaseFile.create({
    data: {
      releaseId,
      format,
      sha256: file.sha256,
      byteSize: BigInt(file.byteSize),
      storedSize: BigInt(file.storedSize),
    },
  });
  return file;
}

/** One estimate for the release: the latest spot check of each source job, pooled. */
async function pooledSpotCheck(jobs: SourceJob[]) {
  let n = 0;
  let k = 0;
  for (const job of jobs) {
    const check = await latestSpotCheck(job.id);
    if (check) {
      n += check.graded;
      k += check.grades.ACCEPTABLE;
    }
  }
  const e = wilsonInterval(k, n);
  // With anything graded the interval exists.
  return e.share === null
    ? null
    : { graded: n, acceptable: e.share, low: e.low as number, high: e.high as number };
}

export async function buildRelease(releaseId: string, log: (line: string) => void = () => {}): Promise<void> {
  const release = await db.datasetRelease.findUnique({ where: { id: releaseId } });
  if (release?.state !== "PENDING") return;
  try {
    await db.$transaction([
      db.datasetReleaseChunk.deleteMany({ where: { releaseId } }),
      db.datasetReleaseFile.deleteMany({ where: { releaseId } }),
      db.datasetReleaseItem.deleteMany({ where: { releaseId } }),
    ]);
    const jobs = await loadJobs(release.jobIds);
    const deduper = new IncrementalDeduper(release.threshold);
    const seen = new Set<string>();
    for (const job of jobs)
      for (const s of job.seeds as unknown as JobSeed[])
        if (!seen.has(s.id)) {
          seen.add(s.id);
          deduper.addReference(`seed:${s.id}`, s.instruction);
        }

    const rows: ReleaseRow[] = [];
    const released = new Map<string, number>();
    let duplicates = 0;
    for (const job of jobs) {
      const source = {
        id: job.id,
        number: job.number,
        taskPromptVersion: job.taskPrompt.version,
        responsePromptVersion: job.responsePrompt.version,
      };
      for await (const row of releaseRows(source)) {
        if (deduper.offer(row.id, row.instruction).kept) {
          rows.push(row);
          released.set(job.id, (released.get(job.id) ?? 0) + 1);
        } else duplicates++;
      }
    }
    if (!rows.length)
      throw new AppError(
        "INVALID",
        "There is no record to publish: the jobs have no answered records that are not excluded.",
      );
    const excluded = await db.generatedTask.count({
      where: { jobId: { in: release.jobIds }, kept: true, excluded: true },
    });

    await writeItems(releaseId, rows);
    const files: Record<string, { sha256: string; byteSize: number }> = {};
    for (const format of TEXT_FORMATS) {
      const renderer = recordRenderer(format);
      files[format] = await writeFile(releaseId, format, true, async (write) => {
        await write(renderer.head);
        for (let i = 0; i < rows.length; i++) await write(renderer.row(rows[i] as ReleaseRow, i));
        await write(renderer.tail(rows.length));
      });
    }

    const counter = new ReleaseCounter(await viewGroupResolver());
    for (const r of rows) counter.add(r);
    const counts = counter.result();
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
    const spotCheck = await pooledSpotCheck(jobs);
    const card = datasetCard({
      number: release.number,
      title: release.name,
      license: release.license,
      createdAt: release.createdAt,
      recordCount: rows.length,
      trainSha256: files.jsonl?.sha256 ?? "",
      jobs: cardJobs,
      stats: counts,
      curation: {
        excluded,
        edited: rows.filter((r) => r.edited).length,
        crossJobDuplicates: duplicates,
        threshold: release.threshold,
        spotCheck,
      },
    });
    const jsonl = recordRenderer("jsonl");
    await writeFile(releaseId, "hf", false, async (write) => {
      const zip = hfZipWriter(releaseFolder(release.number), write);
      for (let i = 0; i < rows.length; i++) await zip.addRecordText(jsonl.row(rows[i] as ReleaseRow, i));
      await zip.finish(card);
    });

    const stats = { ...counts, jobs: cardJobs, spotCheck, edited: rows.filter((r) => r.edited).length };
    await db.datasetRelease.update({
      where: { id: releaseId },
      data: {
        state: "READY",
        recordCount: rows.length,
        excludedCount: excluded,
        duplicateCount: duplicates,
        stats: stats as unknown as Prisma.InputJsonValue,
        card,
        readyAt: new Date(),
        error: null,
      },
    });
    await recordAudit({
      actorId: release.creatorId,
      action: "dataset.release.ready",
      targetType: "DatasetRelease",
      targetId: releaseId,
      after: { number: release.number, records: rows.length, duplicates, excluded, files },
    });
    log(`release #${release.number}: ${rows.length} records, ${duplicates} cross-job duplicates dropped`);
  } catch (error) {
    const expected = error instanceof AppError;
    if (!expected) console.error(`[release] #${release.number} failed:`, error);
    await db.datasetRelease.update({
      where: { id: releaseId },
      data: {
        state: "FAILED",
        error: expected
          ? error.message
          : "The release could not be built (the server log has the details). Publish it again.",
      },
    });
    await db.$transaction([
      db.datasetReleaseChunk.deleteMany({ where: { releaseId } }),
      db.datasetReleaseFile.deleteMany({ where: { releaseId } }),
    ]);
  }
}
