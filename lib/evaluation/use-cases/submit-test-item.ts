import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { submitTestItemSchema } from "@/lib/validation/test-item";
import {
  assertEditable,
  lockDraft,
  saveDraftChange,
  type TestItemDraftView,
  toDraftView,
} from "../test-items";

/** Sends the item, exactly at `version` (what the author saw), to the reviewers. */
export async function submitTestItem(
  actor: Actor,
  input: z.output<typeof submitTestItemSchema>,
): Promise<TestItemDraftView> {
  authorize(actor, "testset.write");
  return db.$transaction(async (tx) => {
    const d = await lockDraft(tx, input.id, input.version, actor.id);
    assertEditable(d);
    const next = await saveDraftChange(tx, actor, d, { state: "SUBMITTED" }, "submit");
    return toDraftView(next, tx);
  });
}
