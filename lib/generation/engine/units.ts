import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";

// The units of work of a job, leased by whichever worker gets them first (FOR UPDATE SKIP LOCKED), and
// written back only by the holder of the lease (WHERE leaseToken = ...). A worker that dies leaves its lease
// to expire; the unit is then leased again, by any worker. Every statement here is a single round trip, and
// the job's counters move in the same statement as the unit, so they always agree with the rows.

export type ClaimedRequest = {
  kind: "request";
  id: string;
  index: number;
  attempts: number;
  maxTokens: number;
  leaseToken: string;
};

export type ClaimedResponse = {
  kind: "response";
  id: string;
  seq: number;
  instruction: string;
  input: string;
  attempts: number;
  maxTokens: number;
  leaseToken: string;
};

export type Usage = { promptTokens: number; completionTokens: number; costUsd: number };

type JobTotals = {
  state: string;
  costUsd: number;
  failureStreak: number;
  keptCount: number;
  responsesDone: number;
};

/**
 * Kept tasks still without a response (new ones, ones due for a retry, or ones whose lease expired), up to
 * `limit` of them in one round trip, each with its own lease.
 */
export async function claimResponses(
  jobId: string,
  leaseMs: number,
  limit: number,
): Promise<ClaimedResponse[]> {
  const rows = await db.$queryRaw<Omit<ClaimedResponse, "kind">[]>`
    UPDATE "GeneratedTask" t
       SET "responseStatus" = 'RUNNING', "responseLeaseToken" = gen_random_uuid()::text,
           "responseLeaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}::float8),
           "responseAttempts" = t."responseAttempts" + 1
     WHERE t.id IN (
       SELECT id FROM "GeneratedTask"
        WHERE "jobId" = ${jobId} AND kept
          AND (("responseStatus" = 'PENDING' AND ("responseNotBefore" IS NULL OR "responseNotBefore" <= now()))
               OR ("responseStatus" = 'RUNNING' AND "responseLeaseUntil" < now()))
        ORDER BY seq
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING t.id, t.seq, t.instruction, t.input, t."responseAttempts" AS attempts,
              t."responseMaxTokens" AS "maxTokens", t."responseLeaseToken" AS "leaseToken"`;
  return rows.sort((a, b) => a.seq - b.seq).map((row) => ({ kind: "response", ...row }));
}

/** A task request due for a retry, or one whose worker died (lease expired). */
export async function claimRetryRequest(jobId: string, leaseMs: number): Promise<ClaimedRequest | null> {
  const token = randomUUID();
  const rows = await db.$queryRaw<Omit<ClaimedRequest, "kind" | "leaseToken">[]>`
    UPDATE "GenerationRequest" r
       SET status = 'RUNNING', "leaseToken" = ${token},
           "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}::float8), attempts = r.attempts + 1
     WHERE r.id = (
       SELECT id FROM "GenerationRequest"
        WHERE "jobId" = ${jobId}
          AND ((status = 'PENDING' AND ("notBefore" IS NULL OR "notBefore" <= now()))
               OR (status = 'RUNNING' AND "leaseUntil" < now()))
        ORDER BY index
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING r.id, r.index, r.attempts, r."maxTokens"`;
  const row = rows[0];
  return row ? { kind: "request", ...row, leaseToken: token } : null;
}

/**
 * `count` new task requests, leased to the caller: the job's next indexes, taken in the same statement that
 * creates the rows, so there is never a gap in the indexes (admission waits for each index in turn). One
 * round trip for all of them: slots asking together are served together. Empty when the job no longer runs
 * or has reached its target.
 */
export async function createRequests(
  jobId: string,
  maxTokens: number,
  leaseMs: number,
  count: number,
): Promise<ClaimedRequest[]> {
  if (count < 1) return [];
  const ids = Array.from({ length: count }, () => randomUUID());
  const tokens = Array.from({ length: count }, () => randomUUID());
  const rows = await db.$queryRaw<{ id: string; index: number; leaseToken: string }[]>`
    WITH j AS (
      UPDATE "GenerationJob" SET "nextRequestIndex" = "nextRequestIndex" + ${count}::int
       WHERE id = ${jobId} AND state = 'RUNNING' AND NOT "generationDone"
       RETURNING "nextRequestIndex" - ${count}::int AS first)
    INSERT INTO "GenerationRequest" (id, "jobId", index, "seedIds", status, attempts, "leaseToken", "leaseUntil", "maxTokens")
    SELECT u.id, ${jobId}, j.first + u.n::int - 1, '{}', 'RUNNING', 1, u.token,
           now() + make_interval(secs => ${leaseMs / 1000}::float8), ${maxTokens}
      FROM j, unnest(${ids}::text[], ${tokens}::text[]) WITH ORDINALITY AS u(id, token, n)
    RETURNING id, index, "leaseToken"`;
  return rows
    .sort((a, b) => a.index - b.index)
    .map((row) => ({
      kind: "request",
      id: row.id,
      index: row.index,
      attempts: 1,
      maxTokens,
      leaseToken: row.leaseToken as string,
    }));
}

/** Stores a completion. False when the lease was lost (another worker took the unit over): nothing written. */
export async function completeRequest(
  jobId: string,
  unit: ClaimedRequest,
  result: {
    seedIds: string[];
    completion: string;
    finishReason: string;
    model: string;
    latencyMs: number;
  } & Usage,
): Promise<JobTotals | null> {
  const rows = await db.$queryRaw<JobTotals[]>`
    WITH r AS (
      UPDATE "GenerationRequest"
         SET status = 'DONE', "seedIds" = ${result.seedIds}, completion = ${result.completion},
             "finishReason" = ${result.finishReason}, model = ${result.model},
             "promptTokens" = ${result.promptTokens}, "completionTokens" = ${result.completionTokens},
             "costUsd" = ${result.costUsd}, "latencyMs" = ${result.latencyMs}, "completedAt" = now(),
             "leaseToken" = NULL, "leaseUntil" = NULL
       WHERE id = ${unit.id} AND "leaseToken" = ${unit.leaseToken} AND status = 'RUNNING'
       RETURNING 1)
    UPDATE "GenerationJob"
       SET "requestsOk" = "requestsOk" + 1, "promptTokens" = "promptTokens" + ${result.promptTokens},
           "completionTokens" = "completionTokens" + ${result.completionTokens},
           "costUsd" = "costUsd" + ${result.costUsd}, "failureStreak" = 0, "heartbeatAt" = now()
     WHERE id = ${jobId} AND EXISTS (SELECT 1 FROM r)
    RETURNING state::text, "costUsd", "failureStreak", "keptCount", "responsesDone"`;
  return rows[0] ?? null;
}

export type ResponseResult = { unit: ClaimedResponse; output: string; model: string } & Usage;

/**
 * Stores several responses in one round trip, each only if its lease still holds; the job's counters move
 * by the ones stored, in the same statement. Returns the ids stored and the job's totals after them (null
 * totals when none was stored).
 */
export async function completeResponses(
  jobId: string,
  results: ResponseResult[],
): Promise<{ stored: Set<string>; totals: JobTotals | null }> {
  const rows = await db.$queryRaw<(JobTotals & { stored: string[] | null })[]>`
    WITH d AS (
      SELECT * FROM unnest(${results.map((r) => r.unit.id)}::text[], ${results.map((r) => r.unit.leaseToken)}::text[],
                           ${results.map((r) => r.output)}::text[], ${results.map((r) => r.model)}::text[],
                           ${results.map((r) => r.promptTokens)}::int[], ${results.map((r) => r.completionTokens)}::int[],
                           ${results.map((r) => r.costUsd)}::float8[])
             AS d(id, token, output, model, prompt, completion, cost)),
    t AS (
      UPDATE "GeneratedTask" g
         SET "responseStatus" = 'DONE', output = d.output, "responseModel" = d.model,
             "responsePromptTokens" = d.prompt, "responseCompletionTokens" = d.completion,
             "responseCostUsd" = d.cost, "respondedAt" = now(), "responseLeaseToken" = NULL,
             "responseLeaseUntil" = NULL, "responseError" = NULL
        FROM d
       WHERE g.id = d.id AND g."responseLeaseToken" = d.token AND g."responseStatus" = 'RUNNING'
       RETURNING g.id, d.prompt, d.completion, d.cost),
    sums AS (
      SELECT count(*)::int AS n, COALESCE(sum(prompt), 0)::bigint AS prompt,
             COALESCE(sum(completion), 0)::bigint AS completion, COALESCE(sum(cost), 0)::float8 AS cost,
             array_agg(id) AS stored
        FROM t),
    j AS (
      UPDATE "GenerationJob"
         SET "responsesDone" = "responsesDone" + sums.n, "promptTokens" = "promptTokens" + sums.prompt,
             "completionTokens" = "completionTokens" + sums.completion, "costUsd" = "costUsd" + sums.cost,
             "failureStreak" = 0, "heartbeatAt" = now()
        FROM sums
       WHERE id = ${jobId} AND sums.n > 0
      RETURNING state::text, "costUsd", "failureStreak", "keptCount", "responsesDone")
    SELECT j.*, sums.stored FROM sums LEFT JOIN j ON true`;
  const row = rows[0];
  const stored = new Set(row?.stored ?? []);
  return { stored, totals: row?.state ? row : null };
}

/**
 * A failed call: the unit goes back to waiting until `retryAt` (releasing its lease), with `maxTokens`
 * possibly shrunk; the job counts the failure. Null when the lease was lost.
 */
export async function failUnit(
  jobId: string,
  unit: ClaimedRequest | ClaimedResponse,
  failure: { message: string; retryInMs: number; maxTokens: number },
): Promise<JobTotals | null> {
  const wait = failure.retryInMs / 1000;
  const rows =
    unit.kind === "request"
      ? await db.$queryRaw<JobTotals[]>`
    WITH r AS (
      UPDATE "GenerationRequest"
         SET status = 'PENDING', "lastError" = ${failure.message}, "maxTokens" = ${failure.maxTokens},
             "notBefore" = now() + make_interval(secs => ${wait}::float8), "leaseToken" = NULL, "leaseUntil" = NULL
       WHERE id = ${unit.id} AND "leaseToken" = ${unit.leaseToken} AND status = 'RUNNING'
       RETURNING 1)
    UPDATE "GenerationJob" SET "requestErrors" = "requestErrors" + 1, "failureStreak" = "failureStreak" + 1,
           "heartbeatAt" = now()
     WHERE id = ${jobId} AND EXISTS (SELECT 1 FROM r)
    RETURNING state::text, "costUsd", "failureStreak", "keptCount", "responsesDone"`
      : await db.$queryRaw<JobTotals[]>`
    WITH t AS (
      UPDATE "GeneratedTask"
         SET "responseStatus" = 'PENDING', "responseError" = ${failure.message},
             "responseMaxTokens" = ${failure.maxTokens},
             "responseNotBefore" = now() + make_interval(secs => ${wait}::float8),
             "responseLeaseToken" = NULL, "responseLeaseUntil" = NULL
       WHERE id = ${unit.id} AND "responseLeaseToken" = ${unit.leaseToken} AND "responseStatus" = 'RUNNING'
       RETURNING 1)
    UPDATE "GenerationJob" SET "requestErrors" = "requestErrors" + 1, "failureStreak" = "failureStreak" + 1,
           "heartbeatAt" = now()
     WHERE id = ${jobId} AND EXISTS (SELECT 1 FROM t)
    RETURNING state::text, "costUsd", "failureStreak", "keptCount", "responsesDone"`;
  return rows[0] ?? null;
}

/** Gives a unit back untouched (the worker is stopping): it can be leased again at once. */
export async function releaseUnit(unit: ClaimedRequest | ClaimedResponse): Promise<void> {
  if (unit.kind === "request")
    await db.$executeRaw`
      UPDATE "GenerationRequest" SET status = 'PENDING', attempts = GREATEST(attempts - 1, 0),
             "leaseToken" = NULL, "leaseUntil" = NULL
       WHERE id = ${unit.id} AND "leaseToken" = ${unit.leaseToken} AND status = 'RUNNING'`;
  else
    await db.$executeRaw`
      UPDATE "GeneratedTask" SET "responseStatus" = 'PENDING', "responseAttempts" = GREATEST("responseAttempts" - 1, 0),
             "responseLeaseToken" = NULL, "responseLeaseUntil" = NULL
       WHERE id = ${unit.id} AND "responseLeaseToken" = ${unit.leaseToken} AND "responseStatus" = 'RUNNING'`;
}

/** Once the target is reached, requests not yet sent (waiting or abandoned by a dead worker) are not needed. */
export async function retireUnneededRequests(jobId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE "GenerationRequest" SET status = 'FAILED', "lastError" = 'not needed: the target was reached',
           "leaseToken" = NULL, "leaseUntil" = NULL
     WHERE "jobId" = ${jobId}
       AND (status = 'PENDING' OR (status = 'RUNNING' AND "leaseUntil" < now()))`;
}

/** When the next unit of this job becomes due (a retry wait or another worker's lease), if any. */
export async function nextDueAt(jobId: string): Promise<Date | null> {
  const rows = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT LEAST(
      (SELECT min(COALESCE(CASE WHEN status = 'RUNNING' THEN "leaseUntil" ELSE "notBefore" END, now()))
         FROM "GenerationRequest" WHERE "jobId" = ${jobId} AND status IN ('PENDING', 'RUNNING')),
      (SELECT min(COALESCE(CASE WHEN "responseStatus" = 'RUNNING' THEN "responseLeaseUntil" ELSE "responseNotBefore" END, now()))
         FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND "responseStatus" IN ('PENDING', 'RUNNING'))
    ) AS at`;
  return rows[0]?.at ?? null;
}
