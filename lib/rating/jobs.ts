import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { checkRaisedBudget } from "@/lib/generation/budget";
import { costUsd, priceOf } from "@/lib/generation/prices";
import { loadPrices } from "@/lib/generation/prices-store";
import { ratingSettingsSchema, type StartRatingInput } from "@/lib/validation/rating";
import { ratingContentHash } from "./content-hash";
import { buildRatingMessages } from "./rubric";
import { currentRubric } from "./rubrics";

// Rating jobs: what a job rates is frozen when it is made (one RatingItem per record, with the hash of the
// text it rates); a worker rates the items (./engine.ts). Ratings are cached per (text, rubric version, model):
// a record whose text was rated before is answered from the cache and costs nothing.

/** Completion tokens assumed per rating for the estimate: a score line and two or three sentences. */
const ASSUMED_COMPLETION_TOKENS = 120;

type Text = { id: string; instruction: string; input: string; output: string };

/** The current text (a reviewer's edit, else the original) of the records a job would rate. */
async function sourceRecords(input: { generationJobId?: string; releaseId?: string }): Promise<Text[]> {
  if (input.generationJobId) {
    const job = await db.generationJob.findUnique({
      where: { id: input.generationJobId },
      select: { id: true },
    });
    if (!job) throw new AppError("NOT_FOUND", "That generation job does not exist.");
    return db.$queryRaw<Text[]>`
      SELECT id, COALESCE("curatedInstruction", instruction) AS instruction, COALESCE("curatedInput", input) AS input,
             COALESCE("curatedOutput", output) AS output
        FROM "GeneratedTask"
       WHERE "jobId" = ${job.id} AND kept AND NOT excluded AND "responseStatus" = 'DONE' AND output IS NOT NULL
       ORDER BY seq`;
  }
  const release = await db.datasetRelease.findUnique({
    where: { id: input.releaseId },
    select: { id: true },
  });
  if (!release) throw new AppError("NOT_FOUND", "That release does not exist.");
  return db.$queryRaw<Text[]>`
    SELECT t.id, COALESCE(t."curatedInstruction", t.instruction) AS instruction,
           COALESCE(t."curatedInput", t.input) AS input, COALESCE(t."curatedOutput", t.output) AS output
      FROM "DatasetReleaseItem" i JOIN "GeneratedTask" t ON t.id = i."taskId"
     WHERE i."releaseId" = ${release.id}
     ORDER BY i.position`;
}

export type RatingEstimate = {
  records: number;
  /** already rated with this rubric version and model: free */
  cached: number;
  promptTokens: number;
  completionTokens: number;
  /** null when the model has no price in the table */
  costUsd: number | null;
};

async function estimateFor(
  records: Text[],
  model: string,
  rubric: { id: string; system: string; user: string },
) {
  const hashes = records.map((r) => ({ ...r, hash: ratingContentHash(r) }));
  const cachedRows = await db.rating.findMany({
    where: { rubricId: rubric.id, model, contentHash: { in: [...new Set(hashes.map((h) => h.hash))] } },
    select: { contentHash: true },
  });
  const cached = new Set(cachedRows.map((c) => c.contentHash));
  const toRate = new Map<string, Text>();
  for (const h of hashes) if (!cached.has(h.hash)) toRate.set(h.hash, h);
  let chars = 0;
  for (const r of toRate.values())
    chars += buildRatingMessages(rubric, { ...r, response: r.output }).reduce(
      (n, m) => n + m.content.length,
      0,
    );
  const usage = {
    promptTokens: Math.ceil(chars / 4),
    completionTokens: toRate.size * ASSUMED_COMPLETION_TOKENS,
  };
  const prices = await loadPrices();
  const estimate: RatingEstimate = {
    records: records.length,
    cached: records.length - hashes.filter((h) => !cached.has(h.hash)).length,
    ...usage,
    costUsd: priceOf(prices, model) ? costUsd(prices, model, usage) : null,
  };
  return { estimate, hashes };
}

export async function estimateRating(input: StartRatingInput): Promise<RatingEstimate> {
  const rubric = await currentRubric();
  return (await estimateFor(await sourceRecords(input), input.settings.model, rubric)).estimate;
}

export async function createRatingJob(input: StartRatingInput, actor: Actor) {
  const rubric = await currentRubric();
  const records = await sourceRecords(input);
  if (!records.length)
    throw new AppError(
      "INVALID",
      "There is nothing to rate: the job has no answered, kept records yet (or the release is empty).",
    );
  const { estimate, hashes } = await estimateFor(records, input.settings.model, rubric);
  return db.$transaction(async (tx) => {
    const job = await tx.ratingJob.create({
      data: {
        generationJobId: input.generationJobId ?? null,
        releaseId: input.releaseId ?? null,
        rubricId: rubric.id,
        model: input.settings.model,
        settings: input.settings as unknown as Prisma.InputJsonValue,
        budgetUsd: input.budgetUsd ?? null,
        estimateUsd: estimate.costUsd,
        total: records.length,
        creatorId: actor.id,
      },
      select: { id: true, number: true },
    });
    for (let i = 0; i < hashes.length; i += 5000)
      await tx.ratingItem.createMany({
        data: hashes.slice(i, i + 5000).map((h, j) => ({
          ratingJobId: job.id,
          position: i + j,
          taskId: h.id,
          contentHash: h.hash,
        })),
      });
    await recordAudit(
      {
        actorId: actor.id,
        action: "rating.start",
        targetType: "RatingJob",
        targetId: job.id,
        after: {
          number: job.number,
          generationJobId: input.generationJobId ?? null,
          releaseId: input.releaseId ?? null,
          model: input.settings.model,
          rubricVersion: rubric.version,
          records: records.length,
          estimateUsd: estimate.costUsd,
        },
      },
      tx,
    );
    return { ...job, estimate };
  });
}

const ACTIVE = ["QUEUED", "RUNNING"] as const;

/** pause | resume | cancel, audited; refuses a command the job's state does not allow. */
export async function commandRatingJob(
  jobId: string,
  command: "pause" | "resume" | "cancel",
  actor: Actor,
  opts: { budgetUsd?: number } = {},
): Promise<void> {
  if (opts.budgetUsd !== undefined && command !== "resume")
    throw new AppError("INVALID", "A new budget goes with resume only.");
  const from =
    command === "pause"
      ? [...ACTIVE]
      : command === "resume"
        ? ["PAUSED" as const]
        : [...ACTIVE, "PAUSED" as const];
  const to = command === "pause" ? "PAUSED" : command === "resume" ? "QUEUED" : "CANCELLED";
  const updated = await db.ratingJob.updateMany({
    // A raised budget must stay above the spend at the moment of the resume (calls a pause let finish add to it).
    where: {
      id: jobId,
      state: { in: from },
      ...(opts.budgetUsd !== undefined && { costUsd: { lt: opts.budgetUsd } }),
    },
    data: {
      state: to,
      ...(command === "resume"
        ? {
            error: null,
            failureStreak: 0,
            ...(opts.budgetUsd !== undefined && { budgetUsd: opts.budgetUsd }),
          }
        : {}),
      ...(command === "cancel" ? { finishedAt: new Date() } : {}),
    },
  });
  if (!updated.count) {
    const job = await db.ratingJob.findUnique({
      where: { id: jobId },
      select: { state: true, costUsd: true },
    });
    if (!job) throw new AppError("NOT_FOUND", "That rating job does not exist.");
    // In a state that allows it: the budget was the reason.
    if ((from as string[]).includes(job.state)) checkRaisedBudget(opts.budgetUsd, job.costUsd);
    throw new AppError(
      "CONFLICT",
      `The rating job is ${job.state.toLowerCase()}: it cannot be ${command}d now.`,
    );
  }
  await recordAudit({
    actorId: actor.id,
    action: `rating.${command}`,
    targetType: "RatingJob",
    targetId: jobId,
    ...(opts.budgetUsd !== undefined && { after: { budgetUsd: opts.budgetUsd } }),
  });
}

export type RatingJobView = Awaited<ReturnType<typeof ratingJobView>>;

/** Where the rater was asked, read by the settings' own schema (null for settings it does not read). */
function providerOf(settings: unknown): { kind: string; baseUrl: string | null } | null {
  const read = ratingSettingsSchema.safeParse(settings);
  return read.success ? { kind: read.data.provider.kind, baseUrl: read.data.provider.baseUrl ?? null } : null;
}

export async function ratingJobView(jobId: string) {
  const job = await db.ratingJob.findUnique({
    where: { id: jobId },
    include: { rubric: { select: { version: true } }, creator: { select: { email: true } } },
  });
  if (!job) return null;
  return {
    id: job.id,
    number: job.number,
    state: job.state,
    generationJobId: job.generationJobId,
    releaseId: job.releaseId,
    model: job.model,
    /** where the rater was asked (a base URL, never a key): the next rating's form starts from it */
    provider: providerOf(job.settings),
    rubricVersion: job.rubric.version,
    total: job.total,
    done: job.doneCount,
    cached: job.cachedCount,
    unparsed: job.unparsedCount,
    /** records the rater could not take (too long for it): left unrated, each item's error kept */
    failed: job.failedCount,
    costUsd: job.costUsd,
    estimateUsd: job.estimateUsd,
    budgetUsd: job.budgetUsd,
    error: job.error,
    /** PHI gate: what was sent to an endpoint marked trusted although the screen flagged it */
    phiWarning: job.phiWarning,
    creator: job.creator.email,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

/** The rating jobs of a generation job, newest first. */
export async function ratingJobsOf(generationJobId: string) {
  const rows = await db.ratingJob.findMany({
    where: { generationJobId },
    orderBy: { createdAt: "desc" },
    select: { id: true },
    take: 20,
  });
  return (await Promise.all(rows.map((r) => ratingJobView(r.id)))).filter((j) => j !== null);
}
