import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, TestItemDraft } from "@/lib/generated/prisma/client";
import {
  EDITABLE_TEST_ITEM_STATES,
  TEST_ITEM_STATE_LABELS,
  type TestItemStateName,
} from "@/lib/model/test-item-states";
import type { ScreenableTask } from "@/lib/phi/resolutions";
import { editorsSince } from "@/lib/utils/editors-since";
import type { TestItemFields } from "@/lib/validation/test-item";

// Test items clinicians write in the app (issue 16): a test set's working list. Every saved state is a
// revision; a write names the version it started from and is refused (CONFLICT, nothing written) when the
// item moved on meanwhile. Writes lock the row, so of two at once exactly one wins.

type Tx = Prisma.TransactionClient;

export type TestItemDraftView = TestItemDraft & { authorName: string; reviewerName: string | null };

/** The fields a write may set, picked one by one (never spread an input into a row: it may carry an id). */
export const pickItemFields = (f: TestItemFields) => ({
  instruction: f.instruction,
  input: f.input,
  reference: f.reference,
  difficulty: f.difficulty,
  topic: f.topic,
  sourceKind: f.sourceKind,
  citation: f.citation,
  citationUrl: f.citationUrl,
  licence: f.licence,
  adapted: f.adapted,
});

/** What the PHI screen reads: the reference answer is screened as the "output" field. */
export const screenableDraft = (d: TestItemDraft): ScreenableTask => ({
  id: d.id,
  instruction: d.instruction,
  input: d.input,
  output: d.reference,
});

export async function writeRevision(tx: Tx, d: TestItemDraft, change: string, editorId: string) {
  await tx.testItemDraftRevision.create({
    data: {
      draftId: d.id,
      version: d.version,
      ...pickItemFields(d as TestItemFields),
      state: d.state,
      change,
      editorId,
    },
  });
}

const nameOf = async (tx: Tx | typeof db, id: string | null) => {
  if (!id) return null;
  const u = await tx.user.findUnique({ where: { id }, select: { name: true, email: true } });
  return u ? (u.name ?? u.email) : "someone";
};

export async function toDraftView(d: TestItemDraft, tx: Tx | typeof db = db): Promise<TestItemDraftView> {
  const [authorName, reviewerName] = await Promise.all([nameOf(tx, d.authorId), nameOf(tx, d.reviewerId)]);
  return { ...d, authorName: authorName ?? "someone", reviewerName };
}

/**
 * Locks the item for this transaction and checks it is still at `version`: a stale write is refused naming
 * who saved it since (`actorId`'s own save: "You saved ... in another tab or window"), so the caller keeps its
 * text and nothing is overwritten.
 */
export async function lockDraft(
  tx: Tx,
  id: string,
  version: number,
  actorId: string,
): Promise<TestItemDraft> {
  await tx.$queryRaw`SELECT id FROM "TestItemDraft" WHERE id = ${id} FOR UPDATE`;
  const d = await tx.testItemDraft.findUnique({ where: { id } });
  if (!d) throw new AppError("NOT_FOUND", "There is no such test item (it may have been deleted).");
  if (d.version !== version) {
    // The editors of the revisions since, newest first, in one query: a join in SQL, as a revision has no
    // editor relation in the schema (its editorId is a plain column). An editor no longer on record is a row
    // of nulls, "someone" to editorsSince.
    const editors = await tx.$queryRaw<
      ({ id: string; name: string | null; email: string } | { id: null; name: null; email: null })[]
    >`
      SELECT u.id, u.name, u.email
        FROM "TestItemDraftRevision" r
        LEFT JOIN "User" u ON u.id = r."editorId"
       WHERE r."draftId" = ${id} AND r.version > ${version}
       ORDER BY r.version DESC`;
    const { others, mine } = editorsSince(
      editors.map((e) => (e.id === null ? null : e)),
      actorId,
    );
    const saved =
      mine && !others.length
        ? "You saved this item in another tab or window"
        : `${others.join(", ") || "Someone"}${mine ? " and you (in another tab or window)" : ""} saved this item`;
    throw new AppError(
      "CONFLICT",
      `${saved} (now version ${d.version}) after you opened version ${version}: your change was not saved. Copy your text, reload, and apply it again.`,
    );
  }
  return d;
}

export function assertEditable(d: TestItemDraft): void {
  if (d.frozenVersionId || !EDITABLE_TEST_ITEM_STATES.includes(d.state as TestItemStateName)) {
    throw new AppError(
      "INVALID",
      `This item is ${TEST_ITEM_STATE_LABELS[d.state].toLowerCase()}${d.frozenVersionId ? " and in a frozen version" : ""}: it can no longer be edited. Write a new item instead.`,
    );
  }
}

/** Moves the item on one version (new state, fields or review), with its revision and audit entry. */
export async function saveDraftChange(
  tx: Tx,
  actor: Actor,
  d: TestItemDraft,
  data: Prisma.TestItemDraftUpdateInput,
  change: string,
): Promise<TestItemDraft> {
  const next = await tx.testItemDraft.update({
    where: { id: d.id },
    data: { ...data, version: d.version + 1, updatedById: actor.id },
  });
  await writeRevision(tx, next, change, actor.id);
  await recordAudit(
    {
      actorId: actor.id,
      action: `testitem.${change}`,
      targetType: "TestItemDraft",
      targetId: d.id,
      before: { version: d.version, state: d.state },
      after: { version: next.version, state: next.state },
    },
    tx,
  );
  return next;
}
