import "server-only";
import { db } from "@/lib/db";
import type { GenerationJobState } from "@/lib/generated/prisma/client";
import { type JobSettings, jobSettingsSchema } from "@/lib/validation/generation";

// What people watch: a job's counters, progress and ETA, its latest kept tasks and its log. Read by the
// live job page (polled), the API and the CLI. Nothing secret is in here (keys live in the environment or
// encrypted in ProviderCredential, which this never reads).

export type JobSummary = {
  id: string;
  number: number;
  state: GenerationJobState;
  seedSource: string;
  exportId: string | null;
  target: number;
  keptCount: number;
  responsesDone: number;
  costUsd: number;
  taskModel: string;
  responseModel: string;
  createdAt: string;
  finishedAt: string | null;
  creator: string;
  /** 0..1: tasks kept and responses written, over twice the target */
  progress: number;
};

export type JobView = JobSummary & {
  settings: JobSettings;
  parsedCount: number;
  discardedCount: number;
  discardCounts: Record<string, number>;
  /** kept records a reviewer excluded since (still in the job's own download; never in a release) */
  excludedCount: number;
  requests: { ok: number; failedCalls: number; retrying: number; inFlight: number; total: number };
  responses: { retrying: number; inFlight: number };
  promptTokens: number;
  completionTokens: number;
  error: string | null;
  startedAt: string | null;
  heartbeatAt: string | null;
  /** seconds, from the pace so far; null before there is a pace or after the end */
  etaSeconds: number | null;
  taskPromptVersion: number;
  responsePromptVersion: number;
  latestKept: { seq: number; instruction: string; input: string; taskType: string; output: string | null }[];
  /** the newest LOG_SHOWN entries of the job's log, newest first */
  events: { id: string; at: string; level: string; message: string }[];
  /** how many entries the log holds in all */
  eventCount: number;
};

/** How many of its log's newest entries a job's page shows. */
export const LOG_SHOWN = 50;

const progressOf = (j: { target: number; keptCount: number; responsesDone: number }) =>
  j.target ? Math.min(1, (j.keptCount + j.responsesDone) / (2 * j.target)) : 0;

export async function listJobs(limit = 50): Promise<JobSummary[]> {
  const jobs = await db.generationJob.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      number: true,
      state: true,
      seedSource: true,
      exportId: true,
      target: true,
      keptCount: true,
      responsesDone: true,
      costUsd: true,
      settings: true,
      createdAt: true,
      finishedAt: true,
      creator: { select: { name: true, email: true } },
    },
  });
  return jobs.map((j) => {
    const s = j.settings as Partial<JobSettings>;
    return {
      id: j.id,
      number: j.number,
      state: j.state,
      seedSource: j.seedSource,
      exportId: j.exportId,
      target: j.target,
      keptCount: j.keptCount,
      responsesDone: j.responsesDone,
      costUsd: j.costUsd,
      taskModel: s.taskModel ?? "",
      responseModel: s.responseModel ?? "",
      createdAt: j.createdAt.toISOString(),
      finishedAt: j.finishedAt?.toISOString() ?? null,
      creator: j.creator.name ?? j.creator.email,
      progress: progressOf(j),
    };
  });
}

export async function jobView(jobId: string): Promise<JobView | null> {
  const j = await db.generationJob.findUnique({
    where: { id: jobId },
    include: {
      creator: { select: { name: true, email: true } },
      taskPrompt: { select: { version: true } },
      responsePrompt: { select: { version: true } },
    },
  });
  if (!j) return null;
  const [units, latest, events] = await Promise.all([
    db.$queryRaw<
      {
        retrying: bigint;
        inflight: bigint;
        rretrying: bigint;
        rinflight: bigint;
        excluded: bigint;
        events: bigint;
      }[]
    >`
      SELECT
        (SELECT count(*) FROM "GenerationRequest" WHERE "jobId" = ${jobId} AND status = 'PENDING' AND attempts > 0) AS retrying,
        (SELECT count(*) FROM "GenerationRequest" WHERE "jobId" = ${jobId} AND status = 'RUNNING' AND "leaseUntil" > now()) AS inflight,
        (SELECT count(*) FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND "responseStatus" = 'PENDING' AND "responseAttempts" > 0) AS rretrying,
        (SELECT count(*) FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND "responseStatus" = 'RUNNING' AND "responseLeaseUntil" > now()) AS rinflight,
        (SELECT count(*) FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND excluded) AS excluded,
        (SELECT count(*) FROM "GenerationEvent" WHERE "jobId" = ${jobId}) AS events`,
    db.generatedTask.findMany({
      where: { jobId, kept: true },
      orderBy: { seq: "desc" },
      take: 5,
      select: { seq: true, instruction: true, input: true, taskType: true, output: true },
    }),
    db.generationEvent.findMany({ where: { jobId }, orderBy: { id: "desc" }, take: LOG_SHOWN }),
  ]);
  const u = units[0] ?? {
    retrying: 0n,
    inflight: 0n,
    rretrying: 0n,
    rinflight: 0n,
    excluded: 0n,
    events: 0n,
  };
  const settings = jobSettingsSchema.parse(j.settings);
  let etaSeconds: number | null = null;
  const done = j.keptCount + j.responsesDone;
  if (j.state === "RUNNING" && j.startedAt && done > 0) {
    const elapsed = (Date.now() - j.startedAt.getTime()) / 1000;
    etaSeconds = Math.max(0, Math.round(((2 * j.target - done) * elapsed) / done));
  }
  return {
    id: j.id,
    number: j.number,
    state: j.state,
    seedSource: j.seedSource,
    exportId: j.exportId,
    target: j.target,
    keptCount: j.keptCount,
    responsesDone: j.responsesDone,
    costUsd: j.costUsd,
    taskModel: settings.taskModel,
    responseModel: settings.responseModel,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    creator: j.creator.name ?? j.creator.email,
    progress: progressOf(j),
    settings,
    parsedCount: j.parsedCount,
    discardedCount: j.discardedCount,
    discardCounts: j.discardCounts as Record<string, number>,
    excludedCount: Number(u.excluded),
    requests: {
      ok: j.requestsOk,
      failedCalls: j.requestErrors,
      retrying: Number(u.retrying),
      inFlight: Number(u.inflight),
      total: j.nextRequestIndex,
    },
    responses: { retrying: Number(u.rretrying), inFlight: Number(u.rinflight) },
    promptTokens: Number(j.promptTokens),
    completionTokens: Number(j.completionTokens),
    error: j.error,
    startedAt: j.startedAt?.toISOString() ?? null,
    heartbeatAt: j.heartbeatAt?.toISOString() ?? null,
    etaSeconds,
    taskPromptVersion: j.taskPrompt.version,
    responsePromptVersion: j.responsePrompt.version,
    latestKept: latest.map((t) => ({ ...t, seq: t.seq as number })),
    eventCount: Number(u.events),
    events: events.map((e) => ({
      id: String(e.id),
      at: e.at.toISOString(),
      level: e.level,
      message: e.message,
    })),
  };
}
