import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";

const APPROVALS_KEY = "review.approvalsRequired";
type Tx = Pick<typeof db, "setting">;

/** How many different reviewers must approve the same revision (default 1). */
export async function approvalsRequired(tx: Tx = db): Promise<number> {
  const row = await tx.setting.findUnique({ where: { key: APPROVALS_KEY } });
  const n = Number(row?.value ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export async function setApprovalsRequired(n: number, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await approvalsRequired(tx);
    await tx.setting.upsert({
      where: { key: APPROVALS_KEY },
      create: { key: APPROVALS_KEY, value: n },
      update: { value: n },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "settings.update",
        targetType: "setting",
        targetId: APPROVALS_KEY,
        before: { value: before },
        after: { value: n },
      },
      tx,
    );
  });
}
