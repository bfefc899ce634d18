import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RowIssue, Warning } from "@/lib/seeds/import/types";
import { recordLeakageRequest } from "./leakage";
import type { TestItemRow } from "./run-items";
import { parseTestset, type ReferenceCoverage, type TestItem, type TestsetShape } from "./testset-import";

// Test sets in the database: an import writes a whole new version (every item and reference, or nothing),
// frozen unless asked otherwise; a frozen version never changes (edits make a new one).

export type TestsetImportReport =
  | {
      ok: true;
      testSetId: string;
      versionId: string;
      name: string;
      version: number;
      frozen: boolean;
      /** the file held exactly the items of the latest version: no new version was made (that one is `version`) */
      unchanged: boolean;
      shape: TestsetShape;
      items: number;
      references: ReferenceCoverage[];
      warnings: Warning[];
    }
  | { ok: false; errors: RowIssue[]; warnings: Warning[] };

export const testsetNameSchemaMessage = "Give the test set a name (1 to 120 characters).";

/**
 * One writer per test set name at a time, until `tx` ends: an import of a new name and "create test set" of
 * the same name must not both create it (the import would meet the unique index with an error nobody can act
 * on); the second waits and finds the first's set.
 */
export async function lockTestsetName(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`testset:${name}`}, 16))`;
}

export async function importTestsetText(
  actor: Actor,
  input: { name: string; fileName: string; text: string; freeze?: boolean },
): Promise<TestsetImportReport> {
  const name = input.name.trim();
  if (!name || name.length > 120) throw new AppError("INVALID", testsetNameSchemaMessage);
  const parsed = await parseTestset(input.text, { fileName: input.fileName });
  if (!parsed.ok) return { ok: false, errors: parsed.errors, warnings: parsed.warnings };
  const freeze = input.freeze ?? true;

  const written = await db.$transaction(
    async (tx) => {
      await lockTestsetName(tx, name);
      const set =
        (await tx.testSet.findUnique({ where: { name } })) ??
        (await tx.testSet.create({ data: { name, creatorId: actor.id } }));
      const last = await tx.testSetVersion.findFirst({
        where: { testSetId: set.id },
        orderBy: { number: "desc" },
      });
      // The same file again (a retry, a second click): the latest version already holds these items, and a
      // copy would only make every run on it pay again for calls its twin has cached.
      if (last && last.frozen === freeze) {
        const stored = await tx.testItem.findMany({
          where: { versionId: last.id },
          orderBy: { position: "asc" },
          include: { references: true },
        });
        if (sameItems(stored, parsed.items)) return { set, version: last, unchanged: true };
      }
      const version = await tx.testSetVersion.create({
        data: {
          testSetId: set.id,
          number: (last?.number ?? 0) + 1,
          frozen: freeze,
          frozenAt: freeze ? new Date() : null,
          sourceFile: input.fileName,
          shape: parsed.shape,
          creatorId: actor.id,
        },
      });
      const rows = parsed.items.map((item, position) => ({
        id: `${version.id}-${position}`,
        versionId: version.id,
        position,
        externalId: item.externalId === undefined ? null : String(item.externalId),
        instruction: item.instruction,
        input: item.input,
        difficulty: item.difficulty,
        topic: item.topic ?? null,
        view: item.view ?? null,
        taskType: item.taskType ?? null,
      }));
      await tx.testItem.createMany({ data: rows });
      await tx.testItemReference.createMany({
        data: parsed.items.flatMap((item, position) =>
          Object.entries(item.references).map(([model, answer]) => ({
            itemId: `${version.id}-${position}`,
            model,
            answer,
          })),
        ),
      });
      // Checked for leakage in the background once the items are there (lib/evaluation/leakage.ts).
      await recordLeakageRequest(version.id, tx);
      await recordAudit(
        {
          actorId: actor.id,
          action: "testset.import",
          targetType: "TestSetVersion",
          targetId: version.id,
          after: { name, version: version.number, items: rows.length, file: input.fileName },
        },
        tx,
      );
      return { set, version, unchanged: false };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return {
    ok: true,
    versionId: written.version.id,
    testSetId: written.set.id,
    name,
    version: written.version.number,
    frozen: freeze,
    unchanged: written.unchanged,
    shape: parsed.shape as TestsetShape,
    items: parsed.items.length,
    references: parsed.references,
    warnings: parsed.warnings,
  };
}

/** True when the stored items are the file's, in order, field for field, with the same reference answers. */
function sameItems(stored: readonly TestItemRow[], items: readonly TestItem[]): boolean {
  if (stored.length !== items.length) return false;
  return stored.every((row, i) => {
    const item = items[i] as TestItem;
    const refs = Object.entries(item.references);
    return (
      row.externalId === (item.externalId === undefined ? null : String(item.externalId)) &&
      row.instruction === item.instruction &&
      row.input === item.input &&
      row.difficulty === item.difficulty &&
      row.topic === (item.topic ?? null) &&
      row.view === (item.view ?? null) &&
      row.taskType === (item.taskType ?? null) &&
      row.references.length === refs.length &&
      refs.every(([model, answer]) => row.references.some((r) => r.model === model && r.answer === answer))
    );
  });
}

/** The latest frozen version of a test set named `name` (by name or id). */
export async function frozenVersionOf(nameOrId: string) {
  const set = await db.testSet.findFirst({
    where: { OR: [{ name: nameOrId.trim() }, { id: nameOrId }] },
    select: { id: true, name: true },
  });
  if (!set) throw new AppError("NOT_FOUND", `There is no test set named "${nameOrId}".`);
  const version = await db.testSetVersion.findFirst({
    where: { testSetId: set.id, frozen: true },
    orderBy: { number: "desc" },
  });
  if (!version) {
    throw new AppError(
      "INVALID",
      `Test set "${set.name}" has no frozen version: freeze one on its page before evaluating it.`,
    );
  }
  return { set, version };
}

export async function freezeVersion(actor: Actor, versionId: string): Promise<void> {
  const { count } = await db.testSetVersion.updateMany({
    where: { id: versionId, frozen: false },
    data: { frozen: true, frozenAt: new Date() },
  });
  if (!count) {
    const exists = await db.testSetVersion.count({ where: { id: versionId } });
    if (!exists) throw new AppError("NOT_FOUND", "There is no such test set version.");
    return;
  }
  await recordAudit({
    actorId: actor.id,
    action: "testset.freeze",
    targetType: "TestSetVersion",
    targetId: versionId,
  });
}

/**
 * The reference answers' names a version's items hold, in one order (by name): the database returns an item's
 * references in whatever order its plan reads them (a sequential scan: as inserted; the key's index: by name),
 * so pages, messages and the run form's first choice changed with the plan.
 */
export function referenceNames(items: readonly { references: readonly { model: string }[] }[]): string[] {
  return [...new Set(items.flatMap((i) => i.references.map((r) => r.model)))].sort((a, b) =>
    a.localeCompare(b, "en"),
  );
}
