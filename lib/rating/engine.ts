import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Rating } from "@/lib/generated/prisma/client";
import { BUDGET_PAUSE_PREFIX } from "@/lib/generation/budget-pause";
import { resolveApiKey } from "@/lib/generation/engine/context";
import { openScreenedClient, trustedWarningRecorder } from "@/lib/generation/outbound";
import { costUsd } from "@/lib/generation/prices";
import { loadPrices } from "@/lib/generation/prices-store";
import { type LlmClient, PhiBlockedError, ProviderError } from "@/lib/generation/provider";
import { currentText, RECORD_TEXT_COLUMNS } from "@/lib/model/record-text";
import { keysByTarget } from "@/lib/phi/resolutions";
import { ratingSettingsSchema } from "@/lib/validation/rating";
import { ratingContentHash } from "./content-hash";
import { mapConcurrent, RatingWithdrawn, rateRecord } from "./rate";

// Drives one rating job until it completes, pauses, is cancelled or the caller stops it. Items are leased
// (FOR UPDATE SKIP LOCKED), so any number of drivers in any number of processes may share a job; a driver
// that dies holds its leases until they expire, then another takes the items over: nothing is lost. A
// result is written only by its lease holder. Ratings are cached per (text hash, rubric, model): an item whose
// text was rated before (by this job or any other) is answered from the cache without a call, so a text is
// paid for once even when two workers race for it (the cache row is unique, the loser's result is dropped).

export type RatingDriveOutcome = "COMPLETED" | "PAUSED" | "CANCELLED" | "FAILED" | "STOPPED";

export type RatingDriveOptions = {
  signal?: AbortSignal;
  apiKey?: string;
  /** how long an item's lease lasts (default: the request timeout times the attempts, plus a minute) */
  leaseMs?: number;
  /** pause between looks when every remaining item is leased by someone else (default 250 ms) */
  idleMs?: number;
  log?: (line: string) => void;
};

type Claimed = { position: number; taskId: string; contentHash: string; leaseToken: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stateOf(jobId: string) {
  const j = await db.ratingJob.findUnique({
    where: { id: jobId },
    select: { state: true, costUsd: true, budgetUsd: true },
  });
  return j;
}

async function pause(jobId: string, error: string) {
  await db.ratingJob.updateMany({ where: { id: jobId, state: "RUNNING" }, data: { state: "PAUSED", error } });
}

export async function driveRatingJob(
  jobId: string,
  opts: RatingDriveOptions = {},
): Promise<RatingDriveOutcome> {
  const log = opts.log ?? (() => {});
  const started = await db.ratingJob.updateMany({
    where: { id: jobId, state: { in: ["QUEUED", "RUNNING"] } },
    data: { state: "RUNNING", heartbeatAt: new Date() },
  });
  const job = await db.ratingJob.findUnique({ where: { id: jobId }, include: { rubric: true } });
  if (!job) return "FAILED";
  if (!started.count) return job.state as RatingDriveOutcome;
  const settings = ratingSettingsSchema.parse(job.settings);
  let client: LlmClient;
  try {
    const apiKey = await resolveApiKey(
      settings.provider.kind,
      settings.provider.credentialId ?? null,
      opts.apiKey,
    );
    // Behind the PHI gate: a record with an open finding is not sent, the job pauses naming it.
    ({ client } = await openScreenedClient(
      { kind: settings.provider.kind, baseUrl: settings.provider.baseUrl, apiKey },
      {
        resolved: await jobResolutions(jobId),
        onWarning: trustedWarningRecorder((phiWarning) =>
          db.ratingJob.update({ where: { id: jobId }, data: { phiWarning } }),
        ),
      },
    ));
  } catch (error) {
    await pause(jobId, (error as Error).message);
    return "PAUSED";
  }
  const prices = await loadPrices();
  const rubric = { system: job.rubric.system, user: job.rubric.user };
  const leaseMs = opts.leaseMs ?? settings.requestTimeoutMs * settings.maxAttempts + 60_000;
  const calls = new AbortController();
  const onAbort = () => calls.abort();
  opts.signal?.addEventListener("abort", onAbort);
  const heartbeat = setInterval(() => {
    // A beat the database misses (a moment out of reach) is logged, never an unhandled rejection.
    db.ratingJob
      .updateMany({ where: { id: jobId, state: "RUNNING" }, data: { heartbeatAt: new Date() } })
      .catch((error: unknown) => log(`rating job ${jobId}: heartbeat: ${(error as Error).message}`));
  }, 5000);
  heartbeat.unref();

  /** The job's budget and what is spent, as read at the start of each batch and counted up as it pays. */
  const budget: { limit: number | null; spent: number } = { limit: null, spent: 0 };
  /** A text's rating being paid for by this driver (hash -> the rating, or null if the call failed). */
  const paying = new Map<string, Promise<Rating | null>>();
  const ratingOf = (contentHash: string) => ({
    contentHash_rubricId_model: { contentHash, rubricId: job.rubricId, model: job.model },
  });
  const rateItem = async (item: Claimed) => {
    // The record as it reads now: edited since the job was made, it is rated, cached and paid for as what it
    // now says (rating the new text under the old text's hash put a wrong answer in the cache).
    const task = await db.generatedTask.findUniqueOrThrow({
      where: { id: item.taskId },
      select: { seq: true, curationVersion: true, ...RECORD_TEXT_COLUMNS },
    });
    const record = currentText(task);
    const contentHash = ratingContentHash(record);
    if (contentHash !== item.contentHash)
      await db.ratingItem.updateMany({
        where: { ratingJobId: jobId, position: item.position, leaseToken: item.leaseToken },
        data: { contentHash },
      });
    const which = `record ${item.position + 1} (generated task ${task.seq})`;
    let rating = await db.rating.findUnique({ where: ratingOf(contentHash) });
    let cached = rating !== null;
    let paid = { promptTokens: 0, completionTokens: 0, cost: 0 };
    const other = rating ? undefined : paying.get(contentHash);
    if (other) {
      // The same text in another record of this run, being paid for now: its answer serves both, once paid.
      rating = await other;
      if (!rating) return void (await releaseItem(item)); // that call failed: this record waits its turn
      cached = true;
    } else if (!rating) {
      // Paid for: not once the budget is reached by what this batch has paid so far (a cached one is free).
      // The calls already under way finish; the loop then pauses the job with the rest of the batch pending.
      if (budget.limit !== null && budget.spent >= budget.limit) {
        await releaseItem(item);
        return;
      }
      let settle!: (r: Rating | null) => void;
      paying.set(
        contentHash,
        new Promise((resolve) => {
          settle = resolve;
        }),
      );
      try {
        let outcome: Awaited<ReturnType<typeof rateRecord>>;
        try {
          outcome = await rateRecord(record, {
            client,
            model: job.model,
            rubric,
            maxAttempts: settings.maxAttempts,
            retryBaseMs: settings.retryBaseMs,
            timeoutMs: settings.requestTimeoutMs,
            signal: calls.signal,
            beforeCall: () => renewLease(item),
            phiSources: [
              {
                targetType: "generated",
                targetId: item.taskId,
                label: `generated task ${task.seq}`,
                fields: record,
              },
            ],
          });
        } catch (error) {
          // Another worker took the record over (this lease ran out in a backoff): nothing was sent, its
          // rating stands.
          if (error instanceof RatingWithdrawn) return;
          if (error instanceof PhiBlockedError) await phiBlocked(item, error);
          else await failItem(item, error, which);
          return;
        }
        const cost = costUsd(prices, job.model, outcome.usage);
        paid = { ...outcome.usage, cost };
        budget.spent += cost;
        await db.rating.createMany({
          data: [
            {
              contentHash,
              rubricId: job.rubricId,
              model: job.model,
              score: outcome.score,
              rationale: outcome.rationale,
              raw: outcome.raw,
              problem: outcome.problem,
              answers: outcome.answers,
              promptTokens: outcome.usage.promptTokens,
              completionTokens: outcome.usage.completionTokens,
              costUsd: cost,
            },
          ],
          skipDuplicates: true,
        });
        // Written just now (or by another driver a moment before: skipDuplicates), so it is there.
        rating = await db.rating.findUniqueOrThrow({ where: ratingOf(contentHash) });
      } finally {
        settle(rating);
        paying.delete(contentHash);
      }
    }
    const r = rating;
    await db.$transaction(async (tx) => {
      const done = await tx.ratingItem.updateMany({
        where: {
          ratingJobId: jobId,
          position: item.position,
          leaseToken: item.leaseToken,
          status: "RUNNING",
        },
        data: { status: "DONE", ratingId: r.id, cached, leaseToken: null, leaseUntil: null, error: null },
      });
      if (!done.count) return; // taken over by another worker: its result stands
      // The record's score, unless it was edited again meanwhile (then this score is of a text it no longer has).
      await tx.generatedTask.updateMany({
        where: { id: item.taskId, curationVersion: task.curationVersion },
        data: { qualityScore: r.score, qualityRatingId: r.id },
      });
      await tx.ratingJob.update({
        where: { id: jobId },
        data: {
          doneCount: { increment: 1 },
          cachedCount: { increment: cached ? 1 : 0 },
          unparsedCount: { increment: r.score === null ? 1 : 0 },
          promptTokens: { increment: paid.promptTokens },
          completionTokens: { increment: paid.completionTokens },
          costUsd: { increment: paid.cost },
          failureStreak: 0,
        },
      });
    });
  };

  /**
   * Before each call for a record (first, retry, re-ask): its lease renewed, if it is still this driver's. A
   * backoff (a Retry-After up to minutes) or a re-ask can outlast the lease taken with the batch; once it ran
   * out another worker may have claimed the record, and this one must not pay for it again.
   */
  const renewLease = async (item: Claimed) =>
    (await db.$executeRaw`
      UPDATE "RatingItem" SET "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000})
       WHERE "ratingJobId" = ${jobId} AND position = ${item.position}
         AND "leaseToken" = ${item.leaseToken} AND status = 'RUNNING'`) > 0;

  // The PHI gate stopped a record: not a provider failure (no streak, no retry). The item goes back
  // untouched, the job pauses at once with the gate's message (shown on the job's page), and the items
  // claimed with it go back too; on resume the gate screens again.
  let phiPaused = false;
  const releaseItem = (item: Claimed, error?: string) =>
    db.ratingItem.updateMany({
      where: { ratingJobId: jobId, position: item.position, leaseToken: item.leaseToken },
      data: { status: "PENDING", leaseToken: null, leaseUntil: null, ...(error ? { error } : {}) },
    });
  const phiBlocked = async (item: Claimed, error: PhiBlockedError) => {
    phiPaused = true;
    await releaseItem(item, error.message.slice(0, 500));
    await pause(jobId, error.message);
    log(`rating job ${jobId} paused by the PHI gate: ${error.message}`);
  };

  /** `which` names the record for a person: "record 3 (generated task 17)". */
  const failItem = async (item: Claimed, error: unknown, which: string) => {
    const e = error instanceof ProviderError ? error : new ProviderError("network", (error as Error).message);
    // Stopping (a worker shutting down): the record goes back at once for the next driver, rather than waiting
    // for its lease to run out (minutes at the defaults). Its answer is written only under this lease anyway.
    if (e.kind === "cancelled") return void (await releaseItem(item));
    // Too long for the rater: no retry or resume will change that. The record is left unrated (counted, its
    // error kept) and the job goes on with the others.
    if (e.kind === "context_length") {
      await db.$transaction(async (tx) => {
        const failed = await tx.ratingItem.updateMany({
          where: {
            ratingJobId: jobId,
            position: item.position,
            leaseToken: item.leaseToken,
            status: "RUNNING",
          },
          data: { status: "FAILED", leaseToken: null, leaseUntil: null, error: e.message.slice(0, 500) },
        });
        if (failed.count)
          await tx.ratingJob.update({ where: { id: jobId }, data: { failedCount: { increment: 1 } } });
      });
      log(`rating job ${jobId}: ${which} left unrated: ${e.message}`);
      return;
    }
    await db.ratingItem.updateMany({
      where: { ratingJobId: jobId, position: item.position, leaseToken: item.leaseToken },
      data: {
        status: "PENDING",
        leaseToken: null,
        leaseUntil: null,
        notBefore: new Date(Date.now() + settings.retryBaseMs * 4),
        error: e.message.slice(0, 500),
      },
    });
    const j = await db.ratingJob.update({
      where: { id: jobId },
      data: { failureStreak: { increment: 1 } },
      select: { failureStreak: true },
    });
    log(`rating job ${jobId}: ${which}: ${e.message}`);
    if (!e.retryable)
      await pause(jobId, `The rater's provider refused the request for ${which}: ${e.message}`);
    else if (j.failureStreak >= settings.failureLimit)
      await pause(
        jobId,
        `${j.failureStreak} records failed in a row; last, ${which}: ${e.message}. Resume to try again.`,
      );
  };

  const left = () =>
    db.ratingItem.count({ where: { ratingJobId: jobId, status: { in: ["PENDING", "RUNNING"] } } });

  try {
    for (;;) {
      if (opts.signal?.aborted) return "STOPPED";
      const now = await stateOf(jobId);
      if (now?.state !== "RUNNING" || !now) return (now?.state ?? "FAILED") as RatingDriveOutcome;
      // At the budget with nothing left to rate the run completes (below) instead of pausing for money it
      // no longer needs.
      if (now.budgetUsd !== null && now.costUsd >= now.budgetUsd && (await left())) {
        await pause(
          jobId,
          `${BUDGET_PAUSE_PREFIX}$${now.budgetUsd} is reached ($${now.costUsd.toFixed(4)} spent): raise it to go on.`,
        );
        return "PAUSED";
      }
      const token = randomUUID();
      const claimed = await db.$queryRaw<Claimed[]>`
        UPDATE "RatingItem" i
           SET status = 'RUNNING', "leaseToken" = ${token},
               "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}), attempts = attempts + 1
          FROM (SELECT "ratingJobId", position FROM "RatingItem"
                 WHERE "ratingJobId" = ${jobId}
                   AND ((status = 'PENDING' AND ("notBefore" IS NULL OR "notBefore" <= now()))
                        OR (status = 'RUNNING' AND "leaseUntil" < now()))
                 ORDER BY position LIMIT ${settings.concurrency * 2}
                   FOR UPDATE SKIP LOCKED) c
         WHERE i."ratingJobId" = c."ratingJobId" AND i.position = c.position
        RETURNING i.position, i."taskId", i."contentHash", i."leaseToken"`;
      if (!claimed.length) {
        if (!(await left())) {
          await db.ratingJob.updateMany({
            where: { id: jobId, state: "RUNNING" },
            data: { state: "COMPLETED", finishedAt: new Date(), error: null },
          });
          const end = await stateOf(jobId);
          return (end?.state ?? "COMPLETED") as RatingDriveOutcome;
        }
        await sleep(opts.idleMs ?? 250);
        continue;
      }
      budget.limit = now.budgetUsd;
      budget.spent = now.costUsd;
      await mapConcurrent(claimed, settings.concurrency, async (item) => {
        if (calls.signal.aborted) return void (await releaseItem(item)); // stopping: back at once, as above
        if (phiPaused) {
          await releaseItem(item);
          return;
        }
        await rateItem(item);
      });
    }
  } finally {
    clearInterval(heartbeat);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** Resolutions ("not PHI", accepted) of the generated records a rating job rates: they pass the gate. */
async function jobResolutions(jobId: string): Promise<Map<string, Set<string>>> {
  const rows = await db.$queryRaw<{ targetId: string; field: string; category: string; text: string }[]>`
    SELECT r."targetId", r.field, r.category, r.text
      FROM "PhiResolution" r JOIN "RatingItem" i ON i."taskId" = r."targetId"
     WHERE r."targetType" = 'generated' AND i."ratingJobId" = ${jobId}`;
  return keysByTarget(rows);
}
