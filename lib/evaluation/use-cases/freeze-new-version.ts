import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { CLINICIAN_REFERENCE } from "@/lib/model/test-item-states";
import type { freezeNewVersionSchema } from "@/lib/validation/test-item";
import { recordLeakageRequest } from "../leakage";
import { checkLeakageNow, requestLeakageCheck } from "../leakage-queue";

export type FrozenVersion = {
  versionId: string;
  number: number;
  items: number;
  added: number;
  /** the leakage check asked for "now" could not run (the version is frozen all the same; a worker runs it) */
  leakageError?: string;
};

// The screened field of an authored item and the field the provider gate names for the same text.
const GATE_FIELD: Record<string, string> = {
  instruction: "instruction",
  input: "input",
  output: "reference",
};

/**
 * "Freeze new version": a new frozen version of the test set holding the latest version's items as they are
 * plus every approved item not yet in a version, in one transaction (under the same lock as an import of
 * the set). Items never approved stay out. Their "not PHI" resolutions follow them, so the evaluation gate
 * does not stop on what a reviewer already cleared. The new version's leakage check is queued for the workers,
 * or with `leakageCheck: "now"` (the CLI, which runs no worker) done before returning.
 */
export async function freezeNewVersion(
  actor: Actor,
  input: z.output<typeof freezeNewVersionSchema> & { leakageCheck?: "queue" | "now" },
): Promise<FrozenVersion> {
  authorize(actor, "testset.write");
  const frozen = await db.$transaction(
    async (tx) => {
      // By id (the app, the API) or by name (the CLI).
      const set = await tx.testSet.findFirst({
        where: { OR: [{ id: input.testSetId }, { name: input.testSetId.trim() }] },
      });
      if (!set) throw new AppError("NOT_FOUND", `There is no test set "${input.testSetId}".`);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`testset:${set.name}`}, 16))`;
      const approved = await tx.testItemDraft.findMany({
        where: { testSetId: set.id, state: "APPROVED", frozenVersionId: null },
        orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
      });
      if (!approved.length) {
        throw new AppError(
          "INVALID",
          "Nothing to freeze: no approved item is waiting. Items enter a new version once a reviewer approves them.",
        );
      }
      const last = await tx.testSetVersion.findFirst({
        where: { testSetId: set.id },
        orderBy: { number: "desc" },
      });
      const previous = last
        ? await tx.testItem.findMany({
            where: { versionId: last.id },
            orderBy: { position: "asc" },
            include: { references: true },
          })
        : [];
      const version = await tx.testSetVersion.create({
        data: {
          testSetId: set.id,
          number: (last?.number ?? 0) + 1,
          frozen: true,
          frozenAt: new Date(),
          creatorId: actor.id,
        },
      });
      const itemId = (position: number) => `${version.id}-${position}`;
      const copied = previous.map((item, position) => ({
        id: itemId(position),
        versionId: version.id,
        position,
        externalId: item.externalId,
        instruction: item.instruction,
        input: item.input,
        difficulty: item.difficulty,
        topic: item.topic,
        view: item.view,
        taskType: item.taskType,
        sourceKind: item.sourceKind,
        citation: item.citation,
        citationUrl: item.citationUrl,
        licence: item.licence,
        adapted: item.adapted,
        draftId: item.draftId,
      }));
      const added = approved.map((d, i) => ({
        id: itemId(previous.length + i),
        versionId: version.id,
        position: previous.length + i,
        externalId: null,
        instruction: d.instruction,
        input: d.input,
        difficulty: d.difficulty,
        topic: d.topic || null,
        view: null,
        taskType: null,
        sourceKind: d.sourceKind,
        citation: d.citation,
        citationUrl: d.citationUrl,
        licence: d.licence,
        adapted: d.adapted,
        draftId: d.id,
      }));
      await tx.testItem.createMany({ data: [...copied, ...added] });
      await tx.testItemReference.createMany({
        data: [
          ...previous.flatMap((item, position) =>
            item.references.map((r) => ({ itemId: itemId(position), model: r.model, answer: r.answer })),
          ),
          ...approved.flatMap((d, i) =>
            d.reference.trim()
              ? [{ itemId: itemId(previous.length + i), model: CLINICIAN_REFERENCE, answer: d.reference }]
              : [],
          ),
        ],
      });
      // Resolutions follow the text to its new ids (each is a new row: resolutions are never updated).
      const oldIds = new Map(previous.map((item, position) => [item.id, itemId(position)]));
      const draftIds = new Map(approved.map((d, i) => [d.id, itemId(previous.length + i)]));
      const resolutions = await tx.phiResolution.findMany({
        where: {
          OR: [
            { targetType: "testitem", targetId: { in: [...oldIds.keys()] } },
            { targetType: "testdraft", targetId: { in: [...draftIds.keys()] } },
          ],
        },
      });
      await tx.phiResolution.createMany({
        data: resolutions.map((r) => ({
          targetType: "testitem",
          targetId: (r.targetType === "testitem" ? oldIds : draftIds).get(r.targetId) as string,
          field: r.targetType === "testitem" ? r.field : (GATE_FIELD[r.field] ?? r.field),
          category: r.category,
          text: r.text,
          decision: r.decision,
          reason: r.reason,
          actorId: r.actorId,
        })),
        skipDuplicates: true,
      });
      await tx.testItemDraft.updateMany({
        where: { id: { in: approved.map((d) => d.id) } },
        data: { frozenVersionId: version.id },
      });
      await recordLeakageRequest(version.id, tx);
      await recordAudit(
        {
          actorId: actor.id,
          action: "testset.freeze_new_version",
          targetType: "TestSetVersion",
          targetId: version.id,
          after: {
            name: set.name,
            version: version.number,
            from: last?.number ?? null,
            items: copied.length + added.length,
            added: approved.map((d) => d.id),
          },
        },
        tx,
      );
      return {
        versionId: version.id,
        number: version.number,
        items: copied.length + added.length,
        added: added.length,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (input.leakageCheck !== "now") {
    await requestLeakageCheck(frozen.versionId);
    return frozen;
  }
  const leakageError = await checkLeakageNow(frozen.versionId);
  return leakageError ? { ...frozen, leakageError } : frozen;
}
