import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { updateTestItemSchema } from "@/lib/validation/test-item";
import {
  assertEditable,
  lockDraft,
  pickItemFields,
  saveDraftChange,
  type TestItemDraftView,
  toDraftView,
} from "../test-items";

/**
 * Saves an edit of a draft (or sent back) item made from `version`. Any clinician who writes test items may
 * edit it; an edit from a version that is no longer current is refused (CONFLICT), never merged over.
 */
export async function updateTestItem(
  actor: Actor,
  input: z.output<typeof updateTestItemSchema>,
): Promise<TestItemDraftView> {
  authorize(actor, "testset.write");
  return db.$transaction(async (tx) => {
    const d = await lockDraft(tx, input.id, input.version);
    assertEditable(d);
    const next = await saveDraftChange(tx, actor, d, pickItemFields(input), "edit");
    return toDraftView(next, tx);
  });
}
