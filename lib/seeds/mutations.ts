import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { statusAfterEdit } from "@/lib/seeds/lifecycle";
import { editorsSince } from "@/lib/utils/editors-since";
import { utcMinute } from "@/lib/utils/utc-minute";
import type { SeedDraftInput } from "@/lib/validation/seed";
import { SOURCE_FIELDS } from "@/lib/validation/source";
import { resolveTerm } from "@/lib/vocabulary/resolve";
import { canEditSeed } from "./access";
import { seedContentHash } from "./content-hash";
import { seedViewSelect, toSeedView } from "./select";
import type { SeedFields, SeedView, StoredSource } from "./types";

type Tx = Prisma.TransactionClient;
/** Validated fields, or a task's own as read back (its source kind is stored as text). */
type SeedInput = Omit<SeedDraftInput, "sourceKind"> & { sourceKind: string };

const FIELDS = [
  ...["instruction", "input", "output", "topic", "view", "taskType", "difficulty", "note"],
  ...SOURCE_FIELDS,
] as const satisfies readonly (keyof SeedFields)[];

/**
 * Folds topic, view and task type onto their canonical vocabulary values. Picks the seed's fields one by one:
 * the input may carry more (an update's `id` and `version`), and those must never reach a row (an `id` spread
 * into a revision gave it the seed's own id, so every second edit collided).
 */
export async function canonicalFields(input: SeedInput, tx: Tx, actor?: Actor): Promise<SeedFields> {
  const [topic, view, taskType] = await Promise.all([
    resolveTerm("TOPIC", input.topic, tx, actor),
    resolveTerm("VIEW", input.view, tx, actor),
    resolveTerm("TASK_TYPE", input.taskType, tx, actor),
  ]);
  return {
    instruction: input.instruction,
    input: input.input,
    output: input.output,
    topic: topic.value,
    view: view.value,
    taskType: taskType.value,
    difficulty: input.difficulty,
    note: input.note,
    ...pickSource(input),
  };
}

/** The provenance fields alone (picked, never spread: see canonicalFields). */
export const pickSource = (s: StoredSource): StoredSource => ({
  sourceKind: s.sourceKind,
  citation: s.citation,
  citationUrl: s.citationUrl,
  licence: s.licence,
  adapted: s.adapted,
});

export type CreateOptions = { status?: SeedStatusName; change?: string; authorId?: string };

/** Inside a caller's transaction (the importer makes a whole file one transaction). */
export async function createSeedInTx(
  tx: Tx,
  fields: SeedFields,
  actor: Actor,
  opts: CreateOptions = {},
): Promise<string> {
  const status = opts.status ?? "DRAFT";
  const change = opts.change ?? "create";
  const authorId = opts.authorId ?? actor.id;
  const seed = await tx.seedTask.create({
    data: { ...fields, status, authorId, contentHash: seedContentHash(fields.instruction, fields.input) },
    select: { id: true },
  });
  await tx.seedRevision.create({
    data: { ...fields, seedId: seed.id, version: 1, status, change, editorId: actor.id },
  });
  await recordAudit(
    {
      actorId: actor.id,
      action: `seed.${change}`,
      targetType: "seed",
      targetId: seed.id,
      after: { ...fields, status },
    },
    tx,
  );
  return seed.id;
}

export async function createSeed(input: SeedDraftInput, actor: Actor): Promise<SeedView> {
  return db.$transaction(async (tx) => {
    const id = await createSeedInTx(tx, await canonicalFields(input, tx, actor), actor);
    return toSeedView(await tx.seedTask.findUniqueOrThrow({ where: { id }, select: seedViewSelect }));
  });
}

/**
 * Saves an edit made from `version`. If anyone saved in between, nothing is written and the caller gets a
 * CONFLICT naming who changed it and when; the editor keeps the person's text.
 */
/** The task as saved, and whether this save took an approval back (an approved task edited goes back to review). */
export type UpdatedSeed = SeedView & { approvalWithdrawn: boolean };

export async function updateSeed(
  input: SeedInput & { id: string; version: number },
  actor: Actor,
): Promise<UpdatedSeed> {
  return db.$transaction(async (tx) => {
    // Locked first (as the review transitions do): the status the edit derives from must still be the status
    // when it writes, or a decision committed in between (a send-back, a rejection) would be overwritten.
    await tx.$queryRaw`SELECT 1 FROM "SeedTask" WHERE "id" = ${input.id} FOR UPDATE`;
    const current = await tx.seedTask.findUnique({ where: { id: input.id }, select: seedViewSelect });
    if (!current || !canEditSeed(actor, current)) {
      throw new AppError("NOT_FOUND", "This seed task does not exist, or it is not yours to edit.");
    }
    if (current.status === "ARCHIVED")
      throw new AppError("CONFLICT", "This task is archived; it can no longer be edited.");
    if (current.version !== input.version) throw await conflict(tx, input.id, input.version, actor.id);

    const fields = await canonicalFields(input, tx, actor);
    const changed = FIELDS.filter((f) => current[f] !== fields[f]);
    // an autosave of unchanged text makes no new version
    if (!changed.length) return { ...toSeedView(current), approvalWithdrawn: false };

    // The version condition makes the check-and-write atomic against a save that slipped in meanwhile.
    // Editing an approved task sends the new revision back to review (the approved one stays on record).
    const status = statusAfterEdit(current.status);
    const written = await tx.seedTask.updateMany({
      where: { id: input.id, version: input.version },
      data: {
        ...fields,
        status,
        ...(status === "SUBMITTED" && current.status !== "SUBMITTED"
          ? { submittedAt: new Date(), reviewRound: { increment: 1 } }
          : {}),
        contentHash: seedContentHash(fields.instruction, fields.input),
        version: { increment: 1 },
      },
    });
    if (written.count === 0) throw await conflict(tx, input.id, input.version, actor.id);
    const version = input.version + 1;
    await tx.seedRevision.create({
      data: {
        ...fields,
        seedId: input.id,
        version,
        status,
        change: "edit",
        editorId: actor.id,
      },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "seed.edit",
        targetType: "seed",
        targetId: input.id,
        before: Object.fromEntries(changed.map((f) => [f, current[f]])),
        after: Object.fromEntries(changed.map((f) => [f, fields[f]])),
      },
      tx,
    );
    return {
      ...toSeedView(await tx.seedTask.findUniqueOrThrow({ where: { id: input.id }, select: seedViewSelect })),
      approvalWithdrawn: current.status === "APPROVED",
    };
  });
}

/**
 * A stale save refused: who saved since the version it was typed on (the actor's own other tab or window named
 * as such, beside anyone else), when the newest was saved, and what to do.
 */
async function conflict(tx: Tx, id: string, yours: number, actorId: string): Promise<AppError> {
  const since = await tx.seedRevision.findMany({
    where: { seedId: id, version: { gt: yours } },
    orderBy: { version: "desc" },
    select: { version: true, createdAt: true, editor: { select: { id: true, email: true, name: true } } },
  });
  const { others, mine } = editorsSince(
    since.map((r) => r.editor),
    actorId,
  );
  const latest = since[0];
  const when = latest ? `${utcMinute(latest.createdAt.toISOString())}, ` : "";
  const at = `(${when}now version ${latest?.version ?? "?"}) after you opened version ${yours}.`;
  const kept = "Nothing was overwritten: your text is still here.";
  if (mine && !others.length)
    return new AppError(
      "CONFLICT",
      `You saved this task in another tab or window ${at} ${kept} Copy what you need, then reload to see the version you saved there.`,
    );
  const who = `${others.join(", ") || "someone"}${mine ? " and by you in another tab or window" : ""}`;
  return new AppError(
    "CONFLICT",
    `This task was changed by ${who} ${at} ${kept} Copy what you need, then reload to see their version.`,
  );
}
