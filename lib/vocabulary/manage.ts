import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type ViewGroup, type VocabularyKind } from "@/lib/generated/prisma/client";
import { guessViewGroup, tidyValue, vocabKey } from "@/lib/model/vocabulary";

export type TermRow = {
  id: string;
  value: string;
  viewGroup: ViewGroup | null;
  builtIn: boolean;
  aliases: string[];
  uses: number;
};

const COLUMN: Record<VocabularyKind, Prisma.Sql> = {
  TOPIC: Prisma.sql`"topic"`,
  VIEW: Prisma.sql`"view"`,
  TASK_TYPE: Prisma.sql`"taskType"`,
};

/** Every term of a kind with its aliases and how many tasks use it, most used first. */
export async function listTerms(kind: VocabularyKind): Promise<TermRow[]> {
  const [terms, counts] = await Promise.all([
    db.vocabularyTerm.findMany({
      where: { kind, status: "ACCEPTED" },
      include: { aliases: { select: { key: true } } },
    }),
    db.$queryRaw<{ value: string; n: bigint }[]>`
      SELECT ${COLUMN[kind]} AS value, count(*) AS n FROM "SeedTask" GROUP BY ${COLUMN[kind]}`,
  ]);
  const uses = new Map(counts.map((c) => [c.value, Number(c.n)]));
  return terms
    .map((t) => ({
      id: t.id,
      value: t.value,
      viewGroup: t.viewGroup,
      builtIn: t.builtIn,
      aliases: t.aliases.map((a) => a.key).sort(),
      uses: uses.get(t.value) ?? 0,
    }))
    .sort((a, b) => b.uses - a.uses || a.value.localeCompare(b.value));
}

export async function addTerm(kind: VocabularyKind, raw: string, actor: Actor): Promise<void> {
  const value = tidyValue(raw);
  if (!value) throw new AppError("INVALID", "Enter a value.", { value: ["Enter a value"] });
  const key = vocabKey(value);
  const clash =
    (await db.vocabularyTerm.findUnique({ where: { kind_key: { kind, key } } })) ??
    (await db.vocabularyAlias.findUnique({ where: { kind_key: { kind, key } } }));
  if (clash)
    throw new AppError("CONFLICT", `"${value}" is already in the vocabulary (or an alias of a value there).`);
  await db.$transaction(async (tx) => {
    const term = await tx.vocabularyTerm.create({
      data: { kind, key, value, viewGroup: kind === "VIEW" ? guessViewGroup(value) : null },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "vocabulary.add",
        targetType: "vocabulary",
        targetId: term.id,
        after: { kind, value },
      },
      tx,
    );
  });
}

export async function setViewGroup(termId: string, viewGroup: ViewGroup, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const term = await tx.vocabularyTerm.findUnique({ where: { id: termId } });
    if (term?.kind !== "VIEW")
      throw new AppError("NOT_FOUND", "That view is not in the vocabulary (any more).");
    await tx.vocabularyTerm.update({ where: { id: termId }, data: { viewGroup } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "vocabulary.view_group",
        targetType: "vocabulary",
        targetId: termId,
        before: { viewGroup: term.viewGroup },
        after: { viewGroup },
      },
      tx,
    );
  });
}

/**
 * Folds one value into another, in one transaction: every task using the old value is updated (a new
 * revision each, so history shows why it changed), the old value and its aliases become aliases of the
 * kept one, and the old term goes. Built-in task types can absorb others but are never merged away.
 */
export async function mergeTerms(
  fromId: string,
  intoId: string,
  actor: Actor,
): Promise<{ tasksUpdated: number }> {
  return db.$transaction((tx) => mergeTermsInTx(tx, fromId, intoId, actor));
}

/** The merge inside a caller's transaction (deciding a proposal merges it into an accepted value). */
export async function mergeTermsInTx(
  tx: Prisma.TransactionClient,
  fromId: string,
  intoId: string,
  actor: Actor,
): Promise<{ tasksUpdated: number }> {
  if (fromId === intoId) throw new AppError("INVALID", "Pick two different values to merge.");
  const [from, into] = await Promise.all([
    tx.vocabularyTerm.findUnique({ where: { id: fromId }, include: { aliases: true } }),
    tx.vocabularyTerm.findUnique({ where: { id: intoId } }),
  ]);
  if (!from || !into || from.kind !== into.kind)
    throw new AppError("NOT_FOUND", "One of these values is no longer in the vocabulary; reload.");
  if (from.builtIn)
    throw new AppError("CONFLICT", `"${from.value}" is a built-in task type and cannot be merged away.`);
  const column = COLUMN[from.kind];
  // Lock the affected tasks, record the new state as a revision, then bump their version.
  const tasksUpdated = await tx.$executeRaw`
    WITH changed AS (
      UPDATE "SeedTask" SET ${column} = ${into.value}, "version" = "version" + 1, "updatedAt" = now()
      WHERE ${column} = ${from.value}
      RETURNING *
    )
    INSERT INTO "SeedRevision" ("id", "seedId", "version", "instruction", "input", "output", "topic", "view", "taskType",
                                "difficulty", "note", "status", "change", "editorId",
                                "sourceKind", "citation", "citationUrl", "licence", "adapted")
    SELECT 'rev_' || md5(random()::text || c."id"), c."id", c."version", c."instruction", c."input", c."output", c."topic",
           c."view", c."taskType", c."difficulty", c."note", c."status", 'vocabulary-merge', ${actor.id},
           c."sourceKind", c."citation", c."citationUrl", c."licence", c."adapted"
    FROM changed c`;
  await tx.vocabularyAlias.updateMany({ where: { termId: from.id }, data: { termId: into.id } });
  await tx.vocabularyTerm.delete({ where: { id: from.id } });
  await tx.vocabularyAlias.create({ data: { kind: from.kind, key: from.key, termId: into.id } });
  await recordAudit(
    {
      actorId: actor.id,
      action: "vocabulary.merge",
      targetType: "vocabulary",
      targetId: into.id,
      before: { kind: from.kind, value: from.value },
      after: { value: into.value, tasksUpdated },
    },
    tx,
  );
  return { tasksUpdated };
}

export async function addAlias(termId: string, raw: string, actor: Actor): Promise<void> {
  const key = vocabKey(raw);
  if (!key)
    throw new AppError("INVALID", "Enter the variant spelling.", { alias: ["Enter the variant spelling"] });
  await db.$transaction(async (tx) => {
    const term = await tx.vocabularyTerm.findUnique({ where: { id: termId } });
    if (!term) throw new AppError("NOT_FOUND", "That value is no longer in the vocabulary; reload.");
    const asTerm = await tx.vocabularyTerm.findUnique({ where: { kind_key: { kind: term.kind, key } } });
    if (asTerm) throw new AppError("CONFLICT", `"${raw.trim()}" is a value of its own: merge it instead.`);
    try {
      await tx.vocabularyAlias.create({ data: { kind: term.kind, key, termId } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new AppError("CONFLICT", `"${raw.trim()}" is already an alias.`);
      }
      throw error;
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "vocabulary.alias",
        targetType: "vocabulary",
        targetId: termId,
        after: { alias: key },
      },
      tx,
    );
  });
}
