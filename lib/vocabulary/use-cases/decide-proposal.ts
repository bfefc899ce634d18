import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DecideProposalInput } from "@/lib/validation/vocabulary";
import { mergeTermsInTx } from "../manage";

/**
 * An admin's decision on a proposed topic or view, in one transaction, audited:
 * - accept: the value joins the vocabulary and is offered to everyone;
 * - merge: the tasks using it are re-pointed to an accepted value (a revision each, as any merge) and the
 *   proposed spelling becomes an alias, so typing it again lands on the accepted value;
 * - reject: the tasks keep their text (an author's content is not rewritten behind their back), the value
 *   stays as rejected with the admin's reason, is offered to nobody and shown in no filter, and saving a task
 *   with it tells its author why and asks for another value.
 * Two admins deciding the same proposal at once: the first decides, the second is told it was decided.
 */
export async function decideVocabularyProposal(
  actor: Actor,
  input: DecideProposalInput,
): Promise<{ tasksUpdated: number }> {
  authorize(actor, "vocabulary.manage");
  return db.$transaction(async (tx) => {
    // Locks the proposal: a concurrent decision waits here and then finds it decided.
    const locked = await tx.vocabularyTerm.updateMany({
      where: { id: input.termId, status: "PROPOSED" },
      data: { status: "PROPOSED" },
    });
    if (locked.count === 0)
      throw new AppError("CONFLICT", "This proposal has already been decided (or removed). Reload the page.");
    const term = await tx.vocabularyTerm.findUniqueOrThrow({
      where: { id: input.termId },
      include: { proposers: { select: { userId: true } } },
    });
    const proposers = term.proposers.map((p) => p.userId);
    const audit = (action: string, after: Prisma.InputJsonObject) =>
      recordAudit(
        {
          actorId: actor.id,
          action,
          targetType: "vocabulary",
          targetId: term.id,
          before: { kind: term.kind, value: term.value, status: "PROPOSED", proposers },
          after,
        },
        tx,
      );

    if (input.decision === "accept") {
      await tx.vocabularyTerm.update({ where: { id: term.id }, data: { status: "ACCEPTED" } });
      await tx.vocabularyProposer.deleteMany({ where: { termId: term.id } });
      await audit("vocabulary.proposal.accept", { status: "ACCEPTED" });
      return { tasksUpdated: 0 };
    }
    if (input.decision === "merge") {
      const into = await tx.vocabularyTerm.findUnique({ where: { id: input.intoId } });
      if (!into || into.kind !== term.kind || into.status !== "ACCEPTED")
        throw new AppError("INVALID", "Merge into an accepted value of the same kind.", {
          intoId: ["Choose an accepted value of the same kind"],
        });
      await audit("vocabulary.proposal.merge", { into: into.value });
      return mergeTermsInTx(tx, term.id, into.id, actor);
    }
    await tx.vocabularyTerm.update({
      where: { id: term.id },
      data: { status: "REJECTED", reviewNote: input.reason },
    });
    const column = term.kind === "TOPIC" ? "topic" : "view";
    const tasks = await tx.seedTask.count({ where: { [column]: term.value } });
    await audit("vocabulary.proposal.reject", {
      status: "REJECTED",
      reason: input.reason,
      tasksFlagged: tasks,
    });
    return { tasksUpdated: 0 };
  });
}
