import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// Workspace settings an admin changes (approvals per round, the publish threshold, trusted endpoints, the
// price table): one row each in Setting, read through a schema (a missing or malformed value reads as the
// default), changed under a lock on the key so two admins at once apply one after the other, and audited with
// the value before and after. Saving the same value again changes nothing and leaves no audit row.

type Tx = Pick<typeof db, "setting">;

export type SettingSpec<T> = {
  key: string;
  /** what a stored value must be; anything else reads as `fallback` */
  schema: z.ZodType<T>;
  fallback: T;
};

export async function readSetting<T>(spec: SettingSpec<T>, tx: Tx = db): Promise<T> {
  const row = await tx.setting.findUnique({ where: { key: spec.key } });
  const parsed = spec.schema.safeParse(row?.value);
  return parsed.success ? parsed.data : spec.fallback;
}

/**
 * Applies `change` to the current value and stores the result, audited as `audit.action` (default
 * settings.update). `audit.describe` may say what the audit row records (default: the whole value).
 */
export async function updateSetting<T>(
  spec: SettingSpec<T>,
  actorId: string,
  change: (before: T) => T,
  audit: { action?: string; describe?: (before: T, after: T) => { before: unknown; after: unknown } } = {},
): Promise<{ before: T; after: T; changed: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`setting:${spec.key}`}))`;
    const before = await readSetting(spec, tx);
    const after = change(before);
    if (JSON.stringify(after) === JSON.stringify(before)) return { before, after, changed: false };
    const value = after as unknown as Prisma.InputJsonValue;
    await tx.setting.upsert({
      where: { key: spec.key },
      create: { key: spec.key, value },
      update: { value },
    });
    const described = audit.describe?.(before, after) ?? {
      before: { value: before },
      after: { value: after },
    };
    await recordAudit(
      {
        actorId,
        action: audit.action ?? "settings.update",
        targetType: "setting",
        targetId: spec.key,
        before: described.before as Prisma.InputJsonValue,
        after: described.after as Prisma.InputJsonValue,
      },
      tx,
    );
    return { before, after, changed: true };
  });
}
