import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { currentText, type RecordTextColumns } from "@/lib/model/record-text";
import { ratingContentHash } from "@/lib/rating/content-hash";
import { refreshSignals } from "@/lib/rating/signals-store";
import type { editRecordSchema, excludeRecordSchema } from "@/lib/validation/dataset";

// Curating generated records: a person's edit of the text (the original stays in its own columns) and
// exclusion from releases, each with a reason. Every change names the version it started from, so a stale
// page cannot overwrite someone else's edit; every change is kept (GeneratedTaskEdit) and audited.

type Locked = RecordTextColumns & {
  id: string;
  jobId: string;
  kept: boolean;
  excluded: boolean;
  excludedReason: string | null;
  curationVersion: number;
  answered: boolean;
  by: string | null;
};

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function lockRecord(tx: Tx, taskId: string, version: number): Promise<Locked> {
  const rows = await tx.$queryRaw<Locked[]>`
    SELECT t.id, t."jobId", t.kept, t.instruction, t.input, t.output, t."curatedInstruction",
           t."curatedInput", t."curatedOutput", t.excluded, t."excludedReason", t."curationVersion",
           (t."responseStatus" = 'DONE') AS answered,
           COALESCE(u.name, u.email) AS by
      FROM "GeneratedTask" t LEFT JOIN "User" u ON u.id = t."curatedById"
     WHERE t.id = ${taskId}
       FOR UPDATE OF t`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "That record does not exist.");
  if (!row.kept)
    throw new AppError(
      "INVALID",
      "Only kept records can be curated: this one was discarded by the pipeline and is never published.",
    );
  if (!row.answered)
    throw new AppError(
      "CONFLICT",
      "This record has no response yet: curate it once the response model has answered (the job may still be running).",
    );
  if (row.curationVersion !== version)
    throw new AppError(
      "CONFLICT",
      `This record was changed${row.by ? ` by ${row.by}` : ""} after you opened it. Reload it to see the change, then make yours again.`,
    );
  return row;
}

async function finish(
  tx: Tx,
  row: Locked,
  actor: Actor,
  change: "edit" | "exclude" | "include",
  after: {
    text: ReturnType<typeof currentText>;
    excluded: boolean;
    excludedReason: string | null;
    /** why this change was made (an exclusion's reason, an edit's note) */
    note: string | null;
  },
) {
  const version = row.curationVersion + 1;
  await tx.generatedTaskEdit.create({
    data: {
      taskId: row.id,
      version,
      change,
      instruction: after.text.instruction,
      input: after.text.input,
      output: after.text.output,
      excluded: after.excluded,
      reason: after.note,
      actorId: actor.id,
    },
  });
  await tx.generationJob.update({
    where: { id: row.jobId },
    data: { curationVersion: { increment: 1 } },
  });
  await recordAudit(
    {
      actorId: actor.id,
      action: `dataset.record.${change}`,
      targetType: "GeneratedTask",
      targetId: row.id,
      before: {
        ...currentText(row),
        excluded: row.excluded,
        reason: row.excludedReason,
        version: row.curationVersion,
      },
      after: {
        ...after.text,
        excluded: after.excluded,
        reason: after.excludedReason,
        note: after.note,
        version,
      },
    },
    tx,
  );
  return version;
}

export async function editRecord(input: z.output<typeof editRecordSchema>, actor: Actor) {
  const result = await editRecordText(input, actor);
  // The edited text's signals (computed after the commit: a failure here loses no edit, the backfill redoes it).
  await refreshSignals({ taskIds: [input.taskId] }).catch(() => {});
  return result;
}

async function editRecordText(input: z.output<typeof editRecordSchema>, actor: Actor) {
  return db.$transaction(async (tx) => {
    const row = await lockRecord(tx, input.taskId, input.version);
    const text = { instruction: input.instruction, input: input.input, output: input.output };
    const before = currentText(row);
    if (
      text.instruction === before.instruction &&
      text.input === before.input &&
      text.output === before.output
    )
      throw new AppError("INVALID", "Nothing changed: edit the text first.");
    // Text equal to the original is stored as "no edit", so undoing an edit by hand really undoes it.
    const differs = (value: string, original: string | null) => (value === (original ?? "") ? null : value);
    const version = await finish(tx, row, actor, "edit", {
      text,
      excluded: row.excluded,
      excludedReason: row.excludedReason,
      note: input.reason?.trim() || null,
    });
    await tx.generatedTask.update({
      where: { id: row.id },
      data: {
        curatedInstruction: differs(text.instruction, row.instruction),
        curatedInput: differs(text.input, row.input),
        curatedOutput: differs(text.output, row.output),
        ...(await ratingOfText(tx, row.id, text)),
        curationVersion: version,
        curatedById: actor.id,
        curatedAt: new Date(),
      },
    });
    return { jobId: row.jobId, version };
  });
}

/**
 * A record's rating follows its text: edited, it carries the score its new text got from the rubric and rater
 * of its latest rating run (an edit undone gets its old score back, from the rating cache), else none until
 * it is rated again. A score of the text it no longer has would count in "exclude below X" and in a
 * release's minimum rating.
 */
async function ratingOfText(
  tx: Tx,
  taskId: string,
  text: { instruction: string; input: string; output: string },
): Promise<{ qualityScore: number | null; qualityRatingId: string | null }> {
  const [rater] = await tx.$queryRaw<{ rubricId: string; model: string }[]>`
    SELECT j."rubricId", j.model FROM "RatingItem" i JOIN "RatingJob" j ON j.id = i."ratingJobId"
     WHERE i."taskId" = ${taskId} AND i.status = 'DONE'
     ORDER BY j."createdAt" DESC LIMIT 1`;
  const again = rater
    ? await tx.rating.findUnique({
        where: {
          contentHash_rubricId_model: {
            contentHash: ratingContentHash(text),
            rubricId: rater.rubricId,
            model: rater.model,
          },
        },
        select: { id: true, score: true },
      })
    : null;
  return { qualityScore: again?.score ?? null, qualityRatingId: again?.id ?? null };
}

export async function setExcluded(input: z.output<typeof excludeRecordSchema>, actor: Actor) {
  const reason = input.reason?.trim() || null;
  if (input.excluded && !reason)
    throw new AppError("INVALID", "Say why the record is excluded.", {
      reason: ["A reason is required to exclude a record."],
    });
  return db.$transaction(async (tx) => {
    const row = await lockRecord(tx, input.taskId, input.version);
    if (row.excluded === input.excluded)
      throw new AppError(
        "CONFLICT",
        input.excluded ? "This record is already excluded." : "This record is not excluded.",
      );
    const version = await finish(tx, row, actor, input.excluded ? "exclude" : "include", {
      text: currentText(row),
      excluded: input.excluded,
      excludedReason: input.excluded ? reason : null,
      note: reason,
    });
    await tx.generatedTask.update({
      where: { id: row.id },
      data: {
        excluded: input.excluded,
        excludedReason: input.excluded ? reason : null,
        curationVersion: version,
        curatedById: actor.id,
        curatedAt: new Date(),
      },
    });
    return { jobId: row.jobId, version };
  });
}
