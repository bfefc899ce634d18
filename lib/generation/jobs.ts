import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { usd } from "@/lib/utils/money";
import type { JobSettings } from "@/lib/validation/generation";
import { checkRaisedBudget, overBudgetWarning } from "./budget";
import { FILTER_VERSION } from "./filters";
import { callReserve, costUsd, priceOf } from "./prices";
import { loadPrices } from "./prices-store";
import { buildResponseMessages } from "./prompt/response-prompt";
import { buildTaskPrompt, maxTokensForTasks } from "./prompt/task-prompt";
import { currentPrompt } from "./prompts";
import { randomRngSeed, sampleSeedIndexes } from "./rng";
import type { JobRef, JobSeed } from "./types";

// Generation jobs as the app sees them: create (from an export or, for the CLI, a seed file), estimate,
// pause, resume, cancel. Driving them is lib/generation/engine; the queue is lib/generation/queue.ts; the
// use cases that check who may do this, for every door, are lib/generation/use-cases/.

export const MIN_SEEDS = 1;

/** The id of the job a person named, by id or by number; NOT_FOUND naming it when there is none. */
export async function findJobId(ref: JobRef): Promise<string> {
  const job = await db.generationJob.findUnique({
    where: "jobId" in ref ? { id: ref.jobId } : { number: ref.jobNumber },
    select: { id: true },
  });
  if (!job)
    throw new AppError(
      "NOT_FOUND",
      "jobId" in ref
        ? "That generation job does not exist."
        : `There is no generation job #${ref.jobNumber}.`,
    );
  return job.id;
}

/** The ids of jobs named by number, in the order given; NOT_FOUND naming every number that has no job. */
export async function jobIdsByNumber(numbers: number[]): Promise<string[]> {
  const jobs = await db.generationJob.findMany({
    where: { number: { in: numbers } },
    select: { id: true, number: true },
  });
  const idOf = new Map(jobs.map((j) => [j.number, j.id]));
  const missing = numbers.filter((n) => !idOf.has(n));
  if (missing.length) throw new AppError("NOT_FOUND", `There is no generation job #${missing.join(", #")}.`);
  return numbers.map((n) => idOf.get(n) as string);
}

export type NewJob = { seeds: JobSeed[]; seedSource: string; exportId?: string; credentialId?: string };

export async function createJob(
  source: NewJob,
  settings: JobSettings,
  actor: Actor,
): Promise<{ id: string; number: number }> {
  if (source.seeds.length < MIN_SEEDS)
    throw new AppError("INVALID", "The export holds no seed tasks: export some approved seeds first.");
  if (settings.seedsPerRequest > source.seeds.length)
    throw new AppError(
      "INVALID",
      `Seeds per request is ${settings.seedsPerRequest} but the export holds only ${source.seeds.length}: lower it or export more seeds.`,
      { "settings.seedsPerRequest": [`At most ${source.seeds.length} for this export`] },
    );
  const [taskPrompt, responsePrompt] = await Promise.all([currentPrompt("TASK"), currentPrompt("RESPONSE")]);
  const rngSeed = settings.rngSeed ?? randomRngSeed();
  const stored: JobSettings = { ...settings, rngSeed, filterVersion: FILTER_VERSION };
  const job = await db.generationJob.create({
    data: {
      seedSource: source.seedSource,
      exportId: source.exportId ?? null,
      credentialId: source.credentialId ?? settings.provider.credentialId ?? null,
      seeds: source.seeds as unknown as Prisma.InputJsonValue,
      settings: stored as unknown as Prisma.InputJsonValue,
      target: settings.target,
      rngSeed,
      taskPromptId: taskPrompt.id,
      responsePromptId: responsePrompt.id,
      creatorId: actor.id,
    },
    select: { id: true, number: true },
  });
  await recordAudit({
    actorId: actor.id,
    action: "generation.start",
    targetType: "GenerationJob",
    targetId: job.id,
    after: { number: job.number, seedSource: source.seedSource, target: settings.target },
  });
  return job;
}

export type Estimate = {
  firstPrompt: { role: string; content: string }[];
  stop: string[];
  requests: number;
  responses: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
  assumptions: string[];
  warnings: string[];
};

/** Assumed share of requested tasks that survive parsing, filters and ROUGE-L (AlpaCare kept most). */
const ASSUMED_YIELD = 0.7;

/** The job's first task request as these settings would send it (with no random seed given: seed 0). */
async function firstTaskPrompt(seeds: JobSeed[], settings: JobSettings) {
  const picks = sampleSeedIndexes(seeds.length, settings.seedsPerRequest, settings.rngSeed ?? 0, 0).map(
    (i) => seeds[i] as JobSeed,
  );
  return buildTaskPrompt(await currentPrompt("TASK"), picks, settings.perRequest);
}

/**
 * A budget that cannot pay for one call is refused at the start: the job would pause before its first request
 * ("$0.00 spent"), as it did when "Start job" was pressed without an estimate. Any other budget is the person's
 * cap to set (the estimate warns when it is below the whole job's cost). The reserve is the driver's own.
 */
export async function checkBudgetCoversOneCall(seeds: JobSeed[], settings: JobSettings): Promise<void> {
  if (settings.budgetUsd === undefined || !seeds.length) return;
  const reserve = callReserve(
    await loadPrices(),
    settings.taskModel,
    (await firstTaskPrompt(seeds, settings)).messages,
    settings.maxTokens ?? maxTokensForTasks(settings.perRequest),
  ).usd;
  if (settings.budgetUsd >= reserve) return;
  const message = oneCallMessage(settings.budgetUsd, reserve, settings.taskModel);
  throw new AppError("INVALID", message, { budgetUsd: [message] });
}

const oneCallMessage = (budgetUsd: number, reserveUsd: number, model: string) => {
  // the least to enter, rounded up to a cent: rounded to the nearest, it could itself be refused
  const least = `$${(Math.ceil(reserveUsd * 100) / 100).toFixed(2)}`;
  return `A budget of ${usd(budgetUsd)} cannot pay for one call: a task request to ${model} can cost up to ${usd(reserveUsd)} (its prompt and the whole of its max tokens), and the job would pause before sending any. Enter at least ${least}, lower "Max tokens" or "Tasks per request", or leave the budget empty.`;
};

/** A dry run: the exact first prompt, and projected tokens and cost. Sends nothing. */
export async function estimateJob(seeds: JobSeed[], settings: JobSettings): Promise<Estimate> {
  const responsePrompt = await currentPrompt("RESPONSE");
  const prompt = await firstTaskPrompt(seeds, settings);
  const chars = (ms: { content: string }[]) => ms.reduce((n, m) => n + m.content.length, 0);
  const maxTokens = settings.maxTokens ?? maxTokensForTasks(settings.perRequest);
  const requests = Math.ceil(settings.target / Math.max(1, settings.perRequest * ASSUMED_YIELD));
  const taskPromptTokens = Math.ceil(chars(prompt.messages) / 4);
  const taskCompletionTokens = Math.ceil(maxTokens * 0.8);
  const avgSeed = seeds.length
    ? seeds.reduce((n, s) => n + s.instruction.length + s.input.length, 0) / seeds.length
    : 0;
  const responsePromptTokens = Math.ceil(
    (chars(buildResponseMessages(responsePrompt.system, { instruction: "", input: "" })) + avgSeed) / 4,
  );
  const responseCompletionTokens = Math.ceil(settings.responseMaxTokens * 0.7);
  const prices = await loadPrices();
  const warnings: string[] = [];
  for (const model of new Set([settings.taskModel, settings.responseModel]))
    if (!priceOf(prices, model))
      warnings.push(
        `No price for "${model}" in the price table: its cost counts as $0 and the budget cap cannot see it.`,
      );
  if (!settings.rngSeed)
    warnings.push(
      "No random seed given: the job picks one at start, so its first prompt may differ from this preview.",
    );
  const taskUsage = {
    promptTokens: requests * taskPromptTokens,
    completionTokens: requests * taskCompletionTokens,
  };
  const responseUsage = {
    promptTokens: settings.target * responsePromptTokens,
    completionTokens: settings.target * responseCompletionTokens,
  };
  const cost = warnings.some((w) => w.startsWith("No price"))
    ? null
    : costUsd(prices, settings.taskModel, taskUsage) + costUsd(prices, settings.responseModel, responseUsage);
  const overBudget = cost === null ? null : overBudgetWarning(cost, settings.budgetUsd, "job");
  if (overBudget) warnings.push(overBudget);
  const reserve = callReserve(prices, settings.taskModel, prompt.messages, maxTokens).usd;
  if (settings.budgetUsd !== undefined && settings.budgetUsd < reserve)
    warnings.push(oneCallMessage(settings.budgetUsd, reserve, settings.taskModel));
  return {
    firstPrompt: prompt.messages,
    stop: prompt.stop,
    requests,
    responses: settings.target,
    promptTokens: taskUsage.promptTokens + responseUsage.promptTokens,
    completionTokens: taskUsage.completionTokens + responseUsage.completionTokens,
    costUsd: cost,
    assumptions: [
      `${Math.round(ASSUMED_YIELD * 100)}% of requested tasks kept after parsing, filters and ROUGE-L`,
      `task completions use 80% of max_tokens (${maxTokens}); responses 70% of ${settings.responseMaxTokens}`,
    ],
    warnings,
  };
}

const RUNNABLE = ["QUEUED", "RUNNING"] as const;

/** Pauses a queued or running job; `reason` (shown on its page) when it was not a person's choice. */
export async function pauseJob(jobId: string, actor: Actor, opts: { reason?: string } = {}): Promise<void> {
  const { count } = await db.generationJob.updateMany({
    where: { id: jobId, state: { in: [...RUNNABLE] } },
    data: { state: "PAUSED", error: opts.reason ?? null },
  });
  if (!count) throw await stateConflict(jobId, "pause");
  await db.generationEvent.create({
    data: { jobId, level: "info", message: opts.reason ? `Paused: ${opts.reason}` : "Paused by a user." },
  });
  await recordAudit({
    actorId: actor.id,
    action: "generation.pause",
    targetType: "GenerationJob",
    targetId: jobId,
  });
}

/** States a job can be taken over from by a caller that drives it itself: its last driver stopped mid-job. */
const UNFINISHED = ["PAUSED", "QUEUED", "RUNNING", "FAILED"];

/**
 * Back to RUNNING: retry counts start again; the caller enqueues the job (or drives it). A paused job only,
 * unless `takeOver`: the caller drives the job itself and goes on with any unfinished one (a command-line
 * run killed mid-job leaves it running; drivers of one job at once are safe).
 */
export async function resumeJob(
  jobId: string,
  actor: Actor,
  patch: { budgetUsd?: number; phiModelText?: "pause" | "warn"; takeOver?: boolean } = {},
): Promise<void> {
  // The PHI gate's choice for model-written text, when this resume changes it (audited with before and after).
  const phiChange = await db.$transaction(async (tx) => {
    // The row locked while its state is checked and changed: a cancel, or a second resume (a double click, the
    // page and the API), that commits meanwhile is seen here, not undone or repeated by this write.
    await tx.$queryRaw`SELECT 1 FROM "GenerationJob" WHERE id = ${jobId} FOR UPDATE`;
    const job = await tx.generationJob.findUnique({
      where: { id: jobId },
      select: { state: true, settings: true, startedAt: true, costUsd: true },
    });
    if (!job) throw new AppError("NOT_FOUND", "That generation job does not exist.");
    if (!(patch.takeOver ? UNFINISHED : ["PAUSED"]).includes(job.state))
      throw await stateConflict(jobId, "resume");
    checkRaisedBudget(patch.budgetUsd, job.costUsd);
    const settings = job.settings as Record<string, unknown>;
    await tx.generationJob.update({
      where: { id: jobId },
      data: {
        state: "RUNNING",
        error: null,
        // PHI screening: the gate screens again on resume (the finding may be resolved now)
        phiBlock: Prisma.DbNull,
        failureStreak: 0,
        heartbeatAt: null,
        // paused (or taken over) before any driver started it: its pace, and so its ETA, counts from now
        ...(job.startedAt ? {} : { startedAt: new Date() }),
        ...(patch.budgetUsd !== undefined || patch.phiModelText !== undefined
          ? {
              settings: {
                ...settings,
                ...(patch.budgetUsd !== undefined ? { budgetUsd: patch.budgetUsd } : {}),
                ...(patch.phiModelText !== undefined ? { phiModelText: patch.phiModelText } : {}),
              } as Prisma.InputJsonValue,
            }
          : {}),
      },
    });
    const before = settings.phiModelText === "warn" ? "warn" : "pause";
    const change =
      patch.phiModelText && patch.phiModelText !== before ? { before, after: patch.phiModelText } : null;
    if (change) {
      await tx.generationEvent.create({
        data: {
          jobId,
          level: "warn",
          message:
            patch.phiModelText === "warn"
              ? "From now on, possible patient identifiers in model-written text are sent and logged, not paused at (set by a user on resume)."
              : "From now on, possible patient identifiers in model-written text pause the job again (set by a user on resume).",
        },
      });
    }
    await tx.generationRequest.updateMany({
      where: { jobId, status: "PENDING" },
      data: { attempts: 0, notBefore: null },
    });
    await tx.generatedTask.updateMany({
      where: { jobId, responseStatus: "PENDING" },
      data: { responseAttempts: 0, responseNotBefore: null },
    });
    await tx.generationEvent.create({ data: { jobId, level: "info", message: "Resumed by a user." } });
    return change;
  });
  await recordAudit({
    actorId: actor.id,
    action: "generation.resume",
    targetType: "GenerationJob",
    targetId: jobId,
    ...(phiChange
      ? { before: { phiModelText: phiChange.before }, after: { phiModelText: phiChange.after } }
      : {}),
  });
}

export async function cancelJob(jobId: string, actor: Actor): Promise<void> {
  const { count } = await db.generationJob.updateMany({
    where: { id: jobId, state: { in: ["QUEUED", "RUNNING", "PAUSED"] } },
    data: { state: "CANCELLED", finishedAt: new Date() },
  });
  if (!count) throw await stateConflict(jobId, "cancel");
  await db.generationEvent.create({
    data: { jobId, level: "info", message: "Cancelled by a user; the tasks kept so far stay available." },
  });
  await recordAudit({
    actorId: actor.id,
    action: "generation.cancel",
    targetType: "GenerationJob",
    targetId: jobId,
  });
}

async function stateConflict(jobId: string, verb: string): Promise<AppError> {
  const job = await db.generationJob.findUnique({ where: { id: jobId }, select: { state: true } });
  if (!job) return new AppError("NOT_FOUND", "That generation job does not exist.");
  return new AppError(
    "CONFLICT",
    `The job is ${job.state.toLowerCase()}, so it cannot ${verb}. Reload to see its state.`,
  );
}
