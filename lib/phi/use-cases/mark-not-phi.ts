import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { RECORD_TEXT_COLUMNS } from "@/lib/model/record-text";
import type { markNotPhiSchema } from "@/lib/validation/phi";
import { findingKey } from "../finding-key";
import { recordResolutions, unresolvedFindings } from "../resolutions";

/**
 * A reviewer's word that a finding is a false alarm (an eponym, a made-up example...), with the reason:
 * stored and audited (phi.not_phi). The finding must be in the text as it stands now and still unresolved,
 * so a stale page cannot resolve something else.
 */
export async function markNotPhi(
  actor: Actor,
  input: z.output<typeof markNotPhiSchema>,
): Promise<{ resolved: number; remaining: number }> {
  authorize(actor, "phi.resolve");
  return db.$transaction(async (tx) => {
    const task =
      input.targetType === "testdraft"
        ? await tx.testItemDraft
            .findUnique({ where: { id: input.targetId } })
            .then((d) => d && { id: d.id, instruction: d.instruction, input: d.input, output: d.reference })
        : input.targetType === "seed"
          ? await tx.seedTask.findUnique({
              where: { id: input.targetId },
              select: { id: true, instruction: true, input: true, output: true, note: true },
            })
          : await tx.generatedTask
              .findUnique({
                where: { id: input.targetId },
                select: { id: true, ...RECORD_TEXT_COLUMNS },
              })
              .then(
                (t) =>
                  t && {
                    id: t.id,
                    instruction: t.curatedInstruction ?? t.instruction,
                    input: t.curatedInput ?? t.input,
                    output: t.curatedOutput ?? t.output,
                  },
              );
    if (!task) throw new AppError("NOT_FOUND", "This task does not exist (any more).");
    const open = await unresolvedFindings(task, tx, input.targetType);
    const key = findingKey(input);
    const finding = open.find((f) => findingKey(f) === key);
    if (!finding) {
      throw new AppError(
        "CONFLICT",
        `"${input.text}" (${input.category}) is not an open finding in the ${input.field} any more: it was resolved, or the text changed. Reload to see the findings as they stand.`,
      );
    }
    const resolved = await recordResolutions(tx, {
      targetType: input.targetType,
      targetId: task.id,
      findings: [finding],
      decision: "NOT_PHI",
      reason: input.reason,
      actorId: actor.id,
    });
    return { resolved, remaining: open.filter((f) => findingKey(f) !== key).length };
  });
}
