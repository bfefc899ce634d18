import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { humanVerdictSchema } from "../api-schemas";
import { answerSides, outcomeOfAnswer } from "../blind";
import { loadRunItems } from "../run-items";
import { findRunId } from "../runs";
import type { Outcome } from "../scoring";
import { loadRun } from "../views";

/**
 * A clinician's own verdict on an item of a run (one per person and item; a second call changes it, audited
 * each time). The verdict as first recorded, before the item page shows the judge's, stays as `blindOutcome`:
 * the human-judge agreement counts that one, so a verdict changed after seeing the judge's does not move it.
 * The stored outcome is always the candidate, the reference or a tie, whichever way it was named.
 */
export async function recordHumanVerdict(
  actor: Actor,
  input: z.input<typeof humanVerdictSchema>,
): Promise<{ outcome: Outcome }> {
  authorize(actor, "evaluation.judge");
  const parsed = humanVerdictSchema.parse(input);
  const v = { ...parsed, runId: await findRunId(parsed.runId) };
  const run = await loadRun(v.runId);
  const [item] = await loadRunItems(run, { itemId: v.itemId, raw: false });
  if (!item) throw new AppError("NOT_FOUND", "There is no such item in this run.");
  // A verdict compares two answers: none is taken while either is missing (the run has not answered yet, or
  // its call failed).
  if (item.candidate === null || item.reference === null)
    throw new AppError(
      "CONFLICT",
      `Not recorded: this item has no ${item.candidate === null ? "answer from the candidate model" : "reference answer"} yet, so there is nothing to compare. Judge it once the run has answered it.`,
    );
  const outcome: Outcome = v.answer
    ? outcomeOfAnswer(v.answer, answerSides(v.runId, v.itemId, actor.id))
    : (v.outcome as Outcome);
  await db.$transaction(async (tx) => {
    await tx.evalHumanVerdict.upsert({
      where: { runId_itemId_userId: { runId: v.runId, itemId: v.itemId, userId: actor.id } },
      create: {
        runId: v.runId,
        itemId: v.itemId,
        userId: actor.id,
        outcome,
        blindOutcome: outcome,
        note: v.note ?? null,
      },
      // Never blindOutcome: it is the verdict made before the judge's was shown.
      update: { outcome, note: v.note ?? null },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "evaluation.judge",
        targetType: "EvalRun",
        targetId: v.runId,
        after: { itemId: v.itemId, outcome, ...(v.answer && { answer: v.answer }) },
      },
      tx,
    );
  });
  return { outcome };
}
