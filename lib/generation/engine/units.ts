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

/** A kept task still without a response (a new one, one due for a retry, or one whose lease expired). */
export async function claimResponse(jobId: string, leaseMs: number): Promise<ClaimedResponse | null> {
  const token = randomUUID();
  const rows = await db.$queryRaw<Omit<ClaimedResponse, "kind" | "leaseToken">[]>`
    UPDATE "GeneratedTask" t
       SET "responseStatus" = 'RUNNING', "responseLeaseToken" = ${token},
           "responseLeaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}::float8),
           "responseAttempts" = t."responseAttempts" + 1
     WHERE t.id = (
       SELECT id FROM "GeneratedTask"
        WHERE "jobId" = ${jobId} AND kept
          AND (("responseStatus" = 'PENDING' AND ("responseNotBefore" IS NULL OR "responseNotBefore" <= now()))
               OR ("responseStatus" = 'RUNNING' AND "responseLeaseUntil" < now()))
        ORDER BY seq
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING t.id, t.seq, t.instruction, t.input, t."responseAttempts" AS attempts, t."responseMaxTokens" AS "maxTokens"`;
  const row = rows[0];
  return row ? { kind: "response", ...row, leaseToken: token } : null;
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
 * A new task request, leased to the caller: the job's next index, taken in the same statement that
 * creates the row, so there is never a gap in the indexes (admission waits for each index in turn).
 * Null when the job no longer runs or has reached its target.
 */
export async function createRequest(
  jobId: string,
  maxTokens: number,
  leaseMs: number,
): Promise<ClaimedRequest | null> {
  const token = randomUUID();
  const id = randomUUID();
  const rows = await db.$queryRaw<{ index: number }[]>`
    WITH j AS (
      UPDATE "GenerationJob" SET "nextRequestIndex" = "nextRequestIndex" + 1
       WHERE id = ${jobId} AND state = 'RUNNING' AND NOT "generationDone"
       RETURNING "nextRequestIndex" - 1 AS idx)
    INSERT INTO "GenerationRequest" (id, "jobId", index, "seedIds", status, attempts, "leaseToken", "leaseUntil", "maxTokens")
    SELECT ${id}, ${jobId}, j.idx, '{}', 'RUNNING', 1, ${token},
           now() + make_interval(secs => ${leaseMs / 1000}::float8), ${maxTokens}
      FROM j
    RETURNING index`;
  const row = rows[0];
  return row ? { kind: "request", id, index: row.index, attempts: 1, maxTokens, leaseToken: token } : null;
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

export async function completeResponse(
  jobId: string,
  unit: ClaimedResponse,
  result: { output: string; model: string } & Usage,
): Promise<JobTotals | null> {
  const rows = await db.$queryRaw<JobTotals[]>`
    WITH t AS (
      UPDATE "GeneratedTask"
         SET "responseStatus" = 'DONE', output = ${result.output}, "responseModel" = ${result.model},
             "responsePromptTokens" = ${result.promptTokens},
             "responseCompletionTokens" = ${result.completionTokens}, "responseCostUsd" = ${result.costUsd},
             "respondedAt" = now(), "responseLeaseToken" = NULL, "responseLeaseUntil" = NULL, "responseError" = NULL
       WHERE id = ${unit.id} AND "responseLeaseToken" = ${unit.leaseToken} AND "responseStatus" = 'RUNNING'
       RETURNING 1)
    UPDATE "GenerationJob"
       SET "responsesDone" = "responsesDone" + 1, "promptTokens" = "promptTokens" + ${result.promptTokens},
           "completionTokens" = "completionTokens" + ${result.completionTokens},
           "costUsd" = "costUsd" + ${result.costUsd}, "failureStreak" = 0, "heartbeatAt" = now()
     WHERE id = ${jobId} AND EXISTS (SELECT 1 FROM t)
    RETURNING state::text, "costUsd", "failureStreak", "keptCount", "responsesDone"`;
  return rows[0] ?? null;
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
