import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { TEST_ITEM_STATES, type TestItemStateName } from "@/lib/model/test-item-states";
import { findingKey } from "@/lib/phi/finding-key";
import { type PhiReport, phiReport } from "@/lib/phi/resolutions";
import { screenableDraft, type TestItemDraftView, toDraftView } from "../test-items";

export type TestItemRow = {
  id: string;
  instruction: string;
  state: TestItemStateName;
  difficulty: number | null;
  version: number;
  frozenVersion: number | null;
  updatedAt: Date;
};

/**
 * A test set's working list: every item written in the app, newest first, optionally in one state, and how
 * many approved items wait for "Freeze new version".
 */
export async function listTestItems(
  actor: Actor,
  input: { testSetId: string; state?: string },
): Promise<{ items: TestItemRow[]; waiting: number }> {
  authorize(actor, "evaluation.read");
  const state = TEST_ITEM_STATES.find((s) => s === input.state);
  const rows = await db.testItemDraft.findMany({
    where: { testSetId: input.testSetId, ...(state ? { state } : {}) },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      instruction: true,
      state: true,
      difficulty: true,
      version: true,
      frozenVersionId: true,
      updatedAt: true,
    },
  });
  const versions = await db.testSetVersion.findMany({
    where: { id: { in: rows.flatMap((r) => (r.frozenVersionId ? [r.frozenVersionId] : [])) } },
    select: { id: true, number: true },
  });
  const number = new Map(versions.map((v) => [v.id, v.number]));
  const waiting = await db.testItemDraft.count({
    where: { testSetId: input.testSetId, state: "APPROVED", frozenVersionId: null },
  });
  const items = rows.map(({ frozenVersionId, ...r }) => ({
    ...r,
    frozenVersion: frozenVersionId ? (number.get(frozenVersionId) ?? null) : null,
  }));
  return { items, waiting };
}

/** One item with its set's name, its revision count and the PHI findings a reviewer resolved. */
export async function getTestItem(
  actor: Actor,
  input: { id: string },
): Promise<{
  item: TestItemDraftView;
  testSet: { id: string; name: string };
  revisions: number;
  /** the keys (lib/phi/finding-key.ts) of findings marked "not PHI", for the editor's panel */
  phiResolved: string[];
  phi: PhiReport;
}> {
  authorize(actor, "evaluation.read");
  const d = await db.testItemDraft.findUnique({
    where: { id: input.id },
    include: { testSet: { select: { id: true, name: true } }, _count: { select: { revisions: true } } },
  });
  if (!d) throw new AppError("NOT_FOUND", "There is no such test item.");
  const { testSet, _count, ...draft } = d;
  const phi = await phiReport(screenableDraft(draft), "testdraft");
  return {
    item: await toDraftView(draft),
    testSet,
    revisions: _count.revisions,
    phiResolved: phi.resolved.map(findingKey),
    phi,
  };
}
