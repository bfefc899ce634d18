import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { db } from "@/lib/db";
import { readSetting, type SettingSpec, updateSetting } from "@/lib/settings/store";

const APPROVALS: SettingSpec<number> = {
  key: "review.approvalsRequired",
  schema: z.number().int().min(1),
  fallback: 1,
};

/** How many different reviewers must approve the same revision (default 1). */
export function approvalsRequired(tx?: Pick<typeof db, "setting">): Promise<number> {
  return readSetting(APPROVALS, tx);
}

/** Audited as settings.update; saving the same number again changes nothing and leaves no audit row. */
export async function setApprovalsRequired(n: number, actor: Actor): Promise<{ changed: boolean }> {
  const { changed } = await updateSetting(APPROVALS, actor.id, () => n);
  return { changed };
}
