import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { VocabularyKind } from "@/lib/generated/prisma/client";
import { CANONICAL_TASK_TYPES, canonicalTaskType } from "@/lib/model/task-types";
import { guessViewGroup, tidyValue, vocabKey } from "@/lib/model/vocabulary";

type Tx = Pick<typeof db, "vocabularyTerm" | "vocabularyAlias">;

export type Resolution = { value: string; from: string; created: boolean };

/**
 * The canonical value for what someone typed or imported. Topics and views are free text: an unknown one
 * joins the vocabulary. Task types must be one of the built-in ten (matched generously) or one an admin added.
 */
export async function resolveTerm(kind: VocabularyKind, raw: string, tx: Tx = db): Promise<Resolution> {
  const from = raw;
  const tidy = tidyValue(raw);
  if (!tidy) return { value: "", from, created: false };
  const key = vocabKey(tidy);
  const term =
    (await tx.vocabularyTerm.findUnique({ where: { kind_key: { kind, key } }, select: { value: true } })) ??
    (
      await tx.vocabularyAlias.findUnique({
        where: { kind_key: { kind, key } },
        select: { term: { select: { value: true } } },
      })
    )?.term;
  if (term) return { value: term.value, from, created: false };

  if (kind === "TASK_TYPE") {
    const canonical = canonicalTaskType(tidy);
    if (canonical) return { value: canonical, from, created: false };
    throw new AppError(
      "INVALID",
      `Unknown task type "${tidy}". Use one of: ${CANONICAL_TASK_TYPES.join(", ")} (admins can add more).`,
      { taskType: [`Unknown task type "${tidy}"`] },
    );
  }
  // Concurrent creators of the same new value: the unique (kind, key) makes one insert win; re-read after.
  await tx.vocabularyTerm.createMany({
    data: [{ kind, key, value: tidy, viewGroup: kind === "VIEW" ? guessViewGroup(tidy) : null }],
    skipDuplicates: true,
  });
  const stored = await tx.vocabularyTerm.findUniqueOrThrow({
    where: { kind_key: { kind, key } },
    select: { value: true },
  });
  return { value: stored.value, from, created: stored.value === tidy };
}

export type TermSuggestion = { value: string; count: number };

/** Values to offer while typing: the vocabulary, most used first, filtered by what was typed so far. */
export async function suggestTerms(kind: VocabularyKind, prefix: string, limit = 12): Promise<string[]> {
  const key = vocabKey(prefix);
  const terms = await db.vocabularyTerm.findMany({
    where: {
      kind,
      ...(key ? { OR: [{ key: { contains: key } }, { aliases: { some: { key: { contains: key } } } }] } : {}),
    },
    select: { value: true, key: true },
    orderBy: { value: "asc" },
    take: 200,
  });
  // Values starting with the typed text first, then the rest, each alphabetically.
  return terms
    .sort(
      (a, b) =>
        Number(!a.key.startsWith(key)) - Number(!b.key.startsWith(key)) || a.value.localeCompare(b.value),
    )
    .slice(0, limit)
    .map((t) => t.value);
}
