import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { TestItemFields, updateTestItemSchema } from "@/lib/validation/test-item";
import {
  assertEditable,
  lockDraft,
  pickItemFields,
  saveDraftChange,
  type TestItemDraftView,
  toDraftView,
} from "../test-items";

/** An edit: the editor sends every field; the API's PATCH only those it changes (the rest stay as they are). */
export type TestItemEdit =
  | z.output<typeof updateTestItemSchema>
  | ({ id: string; version: number } & Partial<TestItemFields>);

/**
 * Saves an edit of a draft (or sent back) item made from `version`. Any clinician who writes test items may
 * edit it; an edit from a version that is no longer current is refused (CONFLICT), never merged over.
 */
export async function updateTestItem(actor: Actor, input: TestItemEdit): Promise<TestItemDraftView> {
  authorize(actor, "testset.write");
  return db.$transaction(async (tx) => {
    const d = await lockDraft(tx, input.id, input.version, actor.id);
    assertEditable(d);
    // Fields left out come from the item as locked at `version`: nothing its sender did not see is overwritten.
    const current = pickItemFields(d as TestItemFields);
    const fields = Object.fromEntries(
      (Object.keys(current) as (keyof typeof current)[]).map((f) => [
        f,
        input[f] === undefined ? current[f] : input[f],
      ]),
    ) as typeof current;
    const next = await saveDraftChange(tx, actor, d, fields, "edit");
    return toDraftView(next, tx);
  });
}
