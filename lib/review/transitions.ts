import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { LOCK_NOT_AVAILABLE, sqlState } from "@/lib/db/sql-state";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { Prisma, ReviewDecision } from "@/lib/generated/prisma/client";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { describeUnresolved, unresolvedFindings } from "@/lib/phi/resolutions";
import { mayActOnSeed } from "@/lib/seeds/access";
import { ALLOWED_FROM, DECISION_STATUS, type ReviewAction } from "@/lib/seeds/lifecycle";
import { utcMinute } from "@/lib/utils/utc-minute";
import { seedCompleteSchema } from "@/lib/validation/seed";
import { rejectedTermRefusal } from "@/lib/vocabulary/resolve";
import { FOUR_EYES_MESSAGE, fourEyesBar } from "./four-eyes";
import { resubmissions, resubmittedRefusal } from "./resubmission";
import { approvalsRequired } from "./settings";
import { UNDO_WINDOW_MS } from "./undo-window";

type Tx = Prisma.TransactionClient;

export type TransitionResult = {
  id: string;
  status: SeedStatusName;
  version: number;
  approvals: number;
  required: number;
};

const who = (u: { name: string | null; email: string } | null | undefined) =>
  u ? (u.name ?? u.email) : "someone";

/**
 * Locks the task row for the rest of the transaction, so that of two reviewers acting at the same moment
 * one goes first and the other sees the result (no double counting, no lost decision).
 */
async function lockTask(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT 1 FROM "SeedTask" WHERE "id" = ${id} FOR UPDATE`;
  const task = await tx.seedTask.findUnique({ where: { id } });
  if (!task) throw new AppError("NOT_FOUND", "This seed task does not exist (any more).");
  return task;
}

async function explainNotSubmitted(tx: Tx, id: string, status: SeedStatusName): Promise<AppError> {
  const last = await tx.seedReview.findFirst({
    where: { seedId: id },
    orderBy: { createdAt: "desc" },
    include: { reviewer: { select: { name: true, email: true } } },
  });
  if (last && status !== "DRAFT") {
    const verb = { APPROVE: "approved", REQUEST_CHANGES: "sent back", REJECT: "rejected" }[last.decision];
    return new AppError(
      "CONFLICT",
      `Already reviewed by ${who(last.reviewer)}: ${verb} at ${utcMinute(last.createdAt.toISOString())}.`,
    );
  }
  return new AppError(
    "CONFLICT",
    `This task is ${status.toLowerCase().replace("_", " ")}: only submitted tasks can be reviewed.`,
  );
}

const staleError = (seen: number, now: number) =>
  new AppError(
    "CONFLICT",
    `This task changed since you opened it (you saw version ${seen}; it is now version ${now}). Reload to review the current version.`,
  );

/** Author (or an admin) sends a complete task for review. */
export async function submitSeed(id: string, version: number, actor: Actor): Promise<TransitionResult> {
  return db.$transaction(async (tx) => {
    const task = await lockTask(tx, id);
    if (!mayActOnSeed(actor, task, "seed.submit")) {
      throw new AppError("NOT_FOUND", "This seed task does not exist, or it is not yours to submit.");
    }
    if (!ALLOWED_FROM.submit.includes(task.status)) {
      throw new AppError(
        "CONFLICT",
        `This task is ${task.status.toLowerCase().replace("_", " ")}; only drafts and tasks sent back can be submitted.`,
      );
    }
    if (task.version !== version) throw staleError(version, task.version);
    const rejected = await rejectedTermRefusal(task, tx);
    if (rejected) throw rejected;
    const complete = seedCompleteSchema.safeParse(task);
    if (!complete.success) {
      const fieldErrors = z.flattenError(complete.error).fieldErrors as FieldErrors;
      throw new AppError(
        "INVALID",
        `Complete the task before submitting it: ${Object.values(fieldErrors).flat().join("; ")}.`,
        fieldErrors,
      );
    }
    // A new round: every reviewer decides again, including one who sent back this very version.
    await tx.seedTask.update({
      where: { id },
      data: { status: "SUBMITTED", submittedAt: new Date(), reviewRound: { increment: 1 } },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.submit",
        targetType: "seed",
        targetId: id,
        before: { status: task.status },
        after: { status: "SUBMITTED", version },
      },
      tx,
    );
    return { id, status: "SUBMITTED", version, approvals: 0, required: await approvalsRequired(tx) };
  });
}

const DECISION: Record<Exclude<ReviewAction, "submit" | "archive">, ReviewDecision> = {
  approve: "APPROVE",
  request_changes: "REQUEST_CHANGES",
  reject: "REJECT",
};

/**
 * A reviewer's decision on the revision they saw. Refused: the task's author and whoever edited it since
 * its last approval (four-eyes, see four-eyes.ts), anything not submitted,
 * a stale revision, a second decision by the same reviewer on the same revision in the same review round
 * (a resubmission starts a new round). Approving counts towards the required approvals of this round;
 * requesting changes or rejecting needs a reason, which opens the comment thread. `refuseResubmitted`
 * (bulk approval) refuses a task sent back before and resubmitted, checked under the task's lock.
 */
export async function reviewSeed(
  id: string,
  version: number,
  action: "approve" | "request_changes" | "reject",
  reason: string | undefined,
  actor: Actor,
  opts: { refuseResubmitted?: boolean } = {},
): Promise<TransitionResult> {
  const why = reason?.trim();
  if (action !== "approve" && !why) {
    throw new AppError("INVALID", "Say why, so the author knows what to change.", {
      reason: ["A reason is required"],
    });
  }
  return db.$transaction(async (tx) => {
    const task = await lockTask(tx, id);
    const bar = await fourEyesBar(id, actor.id, tx);
    if (bar) throw new AppError("FORBIDDEN", FOUR_EYES_MESSAGE[bar]);
    if (!ALLOWED_FROM[action].includes(task.status)) throw await explainNotSubmitted(tx, id, task.status);
    if (task.version !== version) throw staleError(version, task.version);
    if (opts.refuseResubmitted) {
      const resubmitted = (await resubmissions([id], tx)).get(id);
      if (resubmitted) throw new AppError("CONFLICT", resubmittedRefusal(resubmitted));
    }
    // PHI screening (issue 15): nothing with an open finding is approved, whatever door the approval came by;
    // nor a task whose topic or view an admin rejected since it was submitted.
    if (action === "approve") {
      const rejected = await rejectedTermRefusal(task, tx);
      if (rejected) throw rejected;
      const open = await unresolvedFindings(task, tx);
      if (open.length)
        throw new AppError(
          "CONFLICT",
          `Not approved: ${open.length === 1 ? "1 possible patient identifier is" : `${open.length} possible patient identifiers are`} not resolved (${describeUnresolved(open)}). The author replaces them with placeholders, or a reviewer marks each "not PHI" with a reason.`,
        );
    }
    const round = task.reviewRound;
    const mine = await tx.seedReview.findUnique({
      where: { seedId_version_round_reviewerId: { seedId: id, version, round, reviewerId: actor.id } },
    });
    if (mine)
      throw new AppError(
        "CONFLICT",
        "You have already reviewed this version; another reviewer's approval is needed.",
      );

    await tx.seedReview.create({
      data: {
        seedId: id,
        version,
        round,
        reviewerId: actor.id,
        decision: DECISION[action],
        reason: why ?? null,
      },
    });
    if (why)
      await tx.seedComment.create({
        data: { seedId: id, version, authorId: actor.id, body: why, decision: DECISION[action] },
      });
    const required = await approvalsRequired(tx);
    const approvals = await tx.seedReview.count({
      where: { seedId: id, version, round, decision: "APPROVE" },
    });
    const status: SeedStatusName =
      action === "approve" ? (approvals >= required ? "APPROVED" : "SUBMITTED") : DECISION_STATUS[action];
    if (status !== task.status)
      await tx.seedTask.update({
        where: { id },
        // PHI screening: approval found no open finding in this version (checked above), so an export need
        // not screen it again
        data: { status, ...(status === "APPROVED" ? { phiClearVersion: version } : {}) },
      });
    await recordAudit(
      {
        actorId: actor.id,
        action: `seed.${action}`,
        targetType: "seed",
        targetId: id,
        before: { status: task.status, version },
        after: { status, version, approvals, required, ...(why ? { reason: why } : {}) },
      },
      tx,
    );
    return { id, status, version, approvals, required };
  });
}

/**
 * Takes back the actor's own approval of `version`, moments after giving it (UNDO_WINDOW_MS): the review is
 * removed, the status follows the approvals left, and the audit log keeps both the approval and its undo
 * (seed.approve.undo). Refused once anyone acted on the task since (another decision, an edit, a new round,
 * an archive, an export that took the approved revision), and once the window has passed.
 */
export async function undoApproval(id: string, version: number, actor: Actor): Promise<TransitionResult> {
  return db.$transaction(async (tx) => {
    const task = await lockTask(tx, id);
    const mine = await tx.seedReview.findUnique({
      where: {
        seedId_version_round_reviewerId: {
          seedId: id,
          version,
          round: task.reviewRound,
          reviewerId: actor.id,
        },
      },
    });
    if (mine?.decision !== "APPROVE")
      throw new AppError("CONFLICT", "There is no approval of yours on this version of the task to undo.");
    if (Date.now() - mine.createdAt.getTime() > UNDO_WINDOW_MS)
      throw new AppError(
        "CONFLICT",
        `Too late to undo: an approval can be taken back within ${UNDO_WINDOW_MS / 1000} seconds.`,
      );
    const later = await tx.seedReview.findFirst({
      where: { seedId: id, createdAt: { gt: mine.createdAt } },
      include: { reviewer: { select: { name: true, email: true } } },
    });
    if (later) throw new AppError("CONFLICT", `Not undone: ${who(later.reviewer)} has reviewed it since.`);
    if (task.version !== version || !["SUBMITTED", "APPROVED"].includes(task.status))
      throw new AppError(
        "CONFLICT",
        `Not undone: the task changed since your approval (it is now version ${task.version}, ${task.status.toLowerCase().replace("_", " ")}).`,
      );
    // Waits for exports being written (they hold ROW EXCLUSIVE on the table until they commit, store.ts), so
    // one that took this revision is seen below; a few seconds at most, else refused rather than left to guess.
    await tx.$executeRaw`SET LOCAL lock_timeout = '4s'`;
    try {
      await tx.$executeRaw`LOCK TABLE "SeedExport" IN SHARE MODE`;
    } catch (error) {
      if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
      throw new AppError(
        "CONFLICT",
        "Not undone: an export is being written right now. Try again in a moment.",
      );
    }
    await tx.$executeRaw`SET LOCAL lock_timeout = 0`;
    // Exports made since the approval (a few at most, inside the undo window: the createdAt index) whose item
    // list holds this seed at this version; the list is two arrays on the export, read as pairs.
    const [exported] = await tx.$queryRaw<{ number: number }[]>`
      SELECT e."number"
        FROM "SeedExport" e
       WHERE e."createdAt" >= (SELECT r."createdAt" FROM "SeedReview" r WHERE r."id" = ${mine.id})
         AND EXISTS (SELECT 1 FROM unnest(e."itemSeedIds", e."itemVersions") AS i("seedId", "version")
                      WHERE i."seedId" = ${id} AND i."version" = ${version})
       ORDER BY e."number"
       LIMIT 1`;
    if (exported) throw new AppError("CONFLICT", `Not undone: export #${exported.number} already holds it.`);

    await tx.seedReview.delete({ where: { id: mine.id } });
    const required = await approvalsRequired(tx);
    const approvals = await tx.seedReview.count({
      where: { seedId: id, version, round: task.reviewRound, decision: "APPROVE" },
    });
    const status: SeedStatusName = approvals >= required ? "APPROVED" : "SUBMITTED";
    if (status !== task.status) await tx.seedTask.update({ where: { id }, data: { status } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.approve.undo",
        targetType: "seed",
        targetId: id,
        before: { status: task.status, version, approvals: approvals + 1, required },
        after: { status, version, approvals, required },
      },
      tx,
    );
    return { id, status, version, approvals, required };
  });
}

/** Takes a task out of use; with `version` (bulk archive from a list), only the version the person saw. */
export async function archiveSeed(id: string, actor: Actor, version?: number): Promise<TransitionResult> {
  return db.$transaction(async (tx) => {
    const task = await lockTask(tx, id);
    if (!mayActOnSeed(actor, task, "seed.archive"))
      throw new AppError("NOT_FOUND", "This seed task does not exist, or it is not yours to archive.");
    if (!ALLOWED_FROM.archive.includes(task.status))
      throw new AppError("CONFLICT", "This task is already archived.");
    if (version !== undefined && task.version !== version) throw staleError(version, task.version);
    await tx.seedTask.update({ where: { id }, data: { status: "ARCHIVED" } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.archive",
        targetType: "seed",
        targetId: id,
        before: { status: task.status },
        after: { status: "ARCHIVED" },
      },
      tx,
    );
    return {
      id,
      status: "ARCHIVED",
      version: task.version,
      approvals: 0,
      required: await approvalsRequired(tx),
    };
  });
}

/** A reply in the task's thread (authors answer reasons; reviewers ask questions). */
export async function addComment(id: string, body: string, actor: Actor) {
  return db.$transaction(async (tx) => {
    const task = await tx.seedTask.findUnique({ where: { id }, select: { version: true } });
    if (!task) throw new AppError("NOT_FOUND", "This seed task does not exist (any more).");
    const comment = await tx.seedComment.create({
      data: { seedId: id, version: task.version, authorId: actor.id, body: body.trim() },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.comment",
        targetType: "seed",
        targetId: id,
        after: { body: body.trim() },
      },
      tx,
    );
    return comment;
  });
}
