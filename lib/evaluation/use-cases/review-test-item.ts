import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { TEST_ITEM_DECISION_STATE, TEST_ITEM_STATE_LABELS } from "@/lib/model/test-item-states";
import { describeFinding } from "@/lib/phi/finding-key";
import { unresolvedFindings } from "@/lib/phi/resolutions";
import type { reviewTestItemSchema } from "@/lib/validation/test-item";
import {
  lockDraft,
  saveDraftChange,
  screenableDraft,
  type TestItemDraftView,
  toDraftView,
} from "../test-items";

const CHANGE = { APPROVE: "approve", SEND_BACK: "send-back", REJECT: "reject" } as const;

/**
 * A reviewer's decision on a submitted item, at the version they read: approve (then it enters the next
 * frozen version), send back with a comment (the author edits and submits again) or reject with a comment.
 * An item with an open PHI finding is not approved: replace it with a placeholder, or mark it "not PHI".
 * Whoever wrote or edited the item does not decide on it (four-eyes).
 */
export async function reviewTestItem(
  actor: Actor,
  input: z.output<typeof reviewTestItemSchema>,
): Promise<TestItemDraftView> {
  authorize(actor, "testitem.review");
  return db.$transaction(async (tx) => {
    const d = await lockDraft(tx, input.id, input.version, actor.id);
    // Four-eyes, as for seeds: nobody decides on text they wrote (its author, or anyone who edited it).
    const wrote = await tx.testItemDraftRevision.count({
      where: { draftId: d.id, editorId: actor.id, change: { in: ["create", "edit"] } },
    });
    if (wrote) {
      throw new AppError(
        "FORBIDDEN",
        "You wrote or edited this item: another reviewer must review it (four-eyes rule).",
      );
    }
    if (d.state !== "SUBMITTED") {
      throw new AppError(
        "CONFLICT",
        `This item is ${TEST_ITEM_STATE_LABELS[d.state].toLowerCase()}, not waiting for review: reload to see it.`,
      );
    }
    if (input.decision === "APPROVE") {
      const open = await unresolvedFindings(screenableDraft(d), tx, "testdraft");
      if (open.length) {
        throw new AppError(
          "INVALID",
          `Not approved: ${open.length} possible patient identifier${open.length === 1 ? "" : "s"} still open (${open.map(describeFinding).join("; ")}). Send it back to have them replaced with placeholders, or mark a false alarm "not PHI" with a reason.`,
        );
      }
    }
    const next = await saveDraftChange(
      tx,
      actor,
      d,
      {
        state: TEST_ITEM_DECISION_STATE[input.decision],
        reviewerId: actor.id,
        reviewComment: input.comment,
        reviewedAt: new Date(),
      },
      CHANGE[input.decision],
    );
    return toDraftView(next, tx);
  });
}
