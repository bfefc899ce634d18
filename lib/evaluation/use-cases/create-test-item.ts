import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { createTestItemSchema } from "@/lib/validation/test-item";
import { pickItemFields, type TestItemDraftView, toDraftView, writeRevision } from "../test-items";

/** A clinician starts a test item in a test set's working list (a draft, version 1). */
export async function createTestItem(
  actor: Actor,
  input: z.output<typeof createTestItemSchema>,
): Promise<TestItemDraftView> {
  authorize(actor, "testset.write");
  return db.$transaction(async (tx) => {
    const set = await tx.testSet.findUnique({ where: { id: input.testSetId }, select: { id: true } });
    if (!set) throw new AppError("NOT_FOUND", "There is no such test set.");
    const d = await tx.testItemDraft.create({
      data: { ...pickItemFields(input), testSetId: set.id, authorId: actor.id, updatedById: actor.id },
    });
    await writeRevision(tx, d, "create", actor.id);
    await recordAudit(
      {
        actorId: actor.id,
        action: "testitem.create",
        targetType: "TestItemDraft",
        targetId: d.id,
        after: { testSetId: set.id, version: 1 },
      },
      tx,
    );
    return toDraftView(d, tx);
  });
}
