import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { createTestsetSchema } from "@/lib/validation/test-item";
import { lockTestsetName } from "../testsets";

/** An empty test set, for clinicians to write items into (its first version is made by freezing them). */
export async function createTestset(
  actor: Actor,
  input: z.output<typeof createTestsetSchema>,
): Promise<{ id: string; name: string }> {
  authorize(actor, "testset.write");
  try {
    return await db.$transaction(async (tx) => {
      await lockTestsetName(tx, input.name);
      const set = await tx.testSet.create({
        data: { name: input.name, description: input.description || null, creatorId: actor.id },
        select: { id: true, name: true },
      });
      await recordAudit(
        {
          actorId: actor.id,
          action: "testset.create",
          targetType: "TestSet",
          targetId: set.id,
          after: input,
        },
        tx,
      );
      return set;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        `A test set named "${input.name}" already exists: open it, or pick another name.`,
        {
          name: ["This name is taken"],
        },
      );
    }
    throw error;
  }
}
