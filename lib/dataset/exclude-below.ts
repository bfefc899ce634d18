import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

// "Exclude everything rated below X" (issue 17): one curation action over a job's kept, answered, not yet
// excluded records whose latest rating is below X. Every record gets its own exclusion edit (history, version),
// the whole action one audit entry naming its records, and it can be undone as one: the records it excluded
// that nobody has changed since are included again. Unrated records are never touched.

export type ExclusionPreview = {
  threshold: number;
  total: number;
  byType: { key: string; lose: number; of: number }[];
  byDifficulty: { key: string; lose: number; of: number }[];
};

export async function previewExcludeBelow(jobId: string, threshold: number): Promise<ExclusionPreview> {
  const rows = await db.$queryRaw<{ kind: string; key: string; lose: number; of: number }[]>`
    SELECT 'type' AS kind, "taskType" AS key,
           count(*) FILTER (WHERE "qualityScore" < ${threshold})::int AS lose, count(*)::int AS of
      FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND NOT excluded AND "responseStatus" = 'DONE'
     GROUP BY "taskType"
    UNION ALL
    SELECT 'difficulty', COALESCE(difficulty::text, '–'),
           count(*) FILTER (WHERE "qualityScore" < ${threshold})::int, count(*)::int
      FROM "GeneratedTask" WHERE "jobId" = ${jobId} AND kept AND NOT excluded AND "responseStatus" = 'DONE'
     GROUP BY difficulty`;
  const of = (kind: string) =>
    rows
      .filter((r) => r.kind === kind)
      .map(({ key, lose, of }) => ({ key: key || "(none)", lose, of }))
      .sort((a, b) => a.key.localeCompare(b.key));
  const byType = of("type");
  return { threshold, total: byType.reduce((n, r) => n + r.lose, 0), byType, byDifficulty: of("difficulty") };
}

type Changed = { id: string; version: number };

/**
 * Sets `excluded` on the records `target` selects (and locks), each with its own edit (history, version):
 * the one statement behind both the action and its undo.
 */
function setExcludedMany(
  tx: Prisma.TransactionClient,
  target: Prisma.Sql,
  set: { excluded: boolean; reason: string; actorId: string },
): Promise<Changed[]> {
  const change = set.excluded ? "exclude" : "include";
  return tx.$queryRaw<Changed[]>`
      WITH target AS (${target}),
      upd AS (
        UPDATE "GeneratedTask" t
           SET excluded = ${set.excluded}, "excludedReason" = ${set.excluded ? set.reason : null},
               "curationVersion" = t."curationVersion" + 1, "curatedById" = ${set.actorId}, "curatedAt" = now()
          FROM target WHERE t.id = target.id
        RETURNING t.id, t."curationVersion" AS version, COALESCE(t."curatedInstruction", t.instruction) AS instruction,
                  COALESCE(t."curatedInput", t.input) AS input, COALESCE(t."curatedOutput", t.output, '') AS output)
      INSERT INTO "GeneratedTaskEdit" (id, "taskId", version, change, instruction, input, output, excluded, reason, "actorId")
      SELECT gen_random_uuid()::text, id, version, ${change}, instruction, input, output, ${set.excluded}, ${set.reason}, ${set.actorId}
        FROM upd
      RETURNING "taskId" AS id, version`;
}

export async function excludeBelow(
  jobId: string,
  threshold: number,
  actor: Actor,
): Promise<{ batchId: string; excluded: number }> {
  const batchId = randomUUID();
  const reason = `Rated below ${threshold} (one action: ${batchId.slice(0, 8)})`;
  return db.$transaction(async (tx) => {
    const job = await tx.generationJob.findUnique({ where: { id: jobId }, select: { id: true } });
    if (!job) throw new AppError("NOT_FOUND", "That generation job does not exist.");
    const changed = await setExcludedMany(
      tx,
      Prisma.sql`SELECT id FROM "GeneratedTask"
         WHERE "jobId" = ${jobId} AND kept AND NOT excluded AND "responseStatus" = 'DONE'
           AND "qualityScore" < ${threshold}
           FOR UPDATE`,
      { excluded: true, reason, actorId: actor.id },
    );
    if (!changed.length)
      throw new AppError(
        "INVALID",
        `No kept record of this job is rated below ${threshold}: nothing to exclude.`,
      );
    await tx.generationJob.update({ where: { id: jobId }, data: { curationVersion: { increment: 1 } } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.exclude-below",
        targetType: "GenerationJob",
        targetId: jobId,
        after: { batchId, threshold, reason, records: changed.map((c) => [c.id, c.version]) },
      },
      tx,
    );
    return { batchId, excluded: changed.length };
  });
}

/** Includes again what one exclude-below action excluded, except records changed since (they are counted). */
export async function undoExcludeBelow(
  jobId: string,
  batchId: string,
  actor: Actor,
): Promise<{ included: number; skipped: number }> {
  return db.$transaction(async (tx) => {
    // One undo of an exclusion at a time: a second, waiting here, then finds the first's entry below and is
    // told (unlocked, both saw none, and the second wrote an undo that included nothing). An advisory lock of
    // its own, not the job's row: record edits lock a record, then the job; taking the job first would deadlock.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`exclude-below-undo:${batchId}`}, 17))`;
    const event = await tx.auditEvent.findFirst({
      where: {
        targetType: "GenerationJob",
        targetId: jobId,
        action: "dataset.exclude-below",
        after: { path: ["batchId"], equals: batchId },
      },
    });
    if (!event) throw new AppError("NOT_FOUND", "That exclusion does not exist (or belongs to another job).");
    const undone = await tx.auditEvent.findFirst({
      where: {
        targetType: "GenerationJob",
        targetId: jobId,
        action: "dataset.exclude-below.undo",
        after: { path: ["batchId"], equals: batchId },
      },
    });
    if (undone) throw new AppError("CONFLICT", "That exclusion was already undone.");
    const records = (event.after as { records: [string, number][] }).records;
    const ids = records.map((r) => r[0]);
    const versions = records.map((r) => r[1]);
    const reason = `Undo of "exclude rated below" (${batchId.slice(0, 8)})`;
    const changed = await setExcludedMany(
      tx,
      Prisma.sql`SELECT t.id FROM "GeneratedTask" t JOIN unnest(${ids}::text[], ${versions}::int[]) AS b(id, version)
            ON b.id = t.id AND b.version = t."curationVersion"
         WHERE t.excluded
           FOR UPDATE OF t`,
      { excluded: false, reason, actorId: actor.id },
    );
    await tx.generationJob.update({ where: { id: jobId }, data: { curationVersion: { increment: 1 } } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "dataset.exclude-below.undo",
        targetType: "GenerationJob",
        targetId: jobId,
        after: { batchId, included: changed.length, skipped: ids.length - changed.length },
      },
      tx,
    );
    return { included: changed.length, skipped: ids.length - changed.length };
  });
}

/** The latest exclude-below actions of a job, for the page's undo. */
export async function recentExclusions(jobId: string) {
  const events = await db.auditEvent.findMany({
    where: {
      targetType: "GenerationJob",
      targetId: jobId,
      action: { in: ["dataset.exclude-below", "dataset.exclude-below.undo"] },
    },
    orderBy: { at: "desc" },
    take: 20,
  });
  const undone = new Set(
    events.filter((e) => e.action.endsWith(".undo")).map((e) => (e.after as { batchId: string }).batchId),
  );
  return events
    .filter((e) => e.action === "dataset.exclude-below")
    .map((e) => {
      const a = e.after as { batchId: string; threshold: number; records: unknown[] };
      return {
        batchId: a.batchId,
        threshold: a.threshold,
        count: a.records.length,
        at: e.at,
        undone: undone.has(a.batchId),
      };
    });
}
