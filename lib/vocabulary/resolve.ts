import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { VocabularyKind } from "@/lib/generated/prisma/client";
import { CANONICAL_TASK_TYPES, canonicalTaskType } from "@/lib/model/task-types";
import { guessViewGroup, tidyValue, vocabKey } from "@/lib/model/vocabulary";

type Tx = Pick<typeof db, "vocabularyTerm" | "vocabularyAlias" | "vocabularyProposer">;

export type Resolution = { value: string; from: string; created: boolean; proposed?: boolean };

/** Who types a value decides what a new one becomes: an admin's is accepted, anyone else's is a proposal. */
export type Proposer = Pick<Actor, "id" | "roles">;

export const rejectedMessage = (kind: VocabularyKind, value: string, note: string | null) =>
  `"${value}" was rejected as a ${KIND_NOUN[kind]} by an admin${note ? ` (${note})` : ""}: choose another ${KIND_NOUN[kind]}.`;

const KIND_NOUN: Record<VocabularyKind, string> = { TOPIC: "topic", VIEW: "view", TASK_TYPE: "task type" };

/**
 * A task's topic or view that an admin rejected after the task was saved with it: the refusal naming it (with
 * the admin's reason), or null. Submitting and approving ask this, so a rejected value leaves only by an edit.
 */
export async function rejectedTermRefusal(
  task: { topic: string; view: string },
  tx: Pick<typeof db, "vocabularyTerm"> = db,
): Promise<AppError | null> {
  const rejected = await tx.vocabularyTerm.findFirst({
    where: {
      status: "REJECTED",
      OR: [
        { kind: "TOPIC", value: task.topic },
        { kind: "VIEW", value: task.view },
      ],
    },
    orderBy: { kind: "asc" },
    select: { kind: true, value: true, reviewNote: true },
  });
  if (!rejected) return null;
  const message = rejectedMessage(rejected.kind, rejected.value, rejected.reviewNote);
  return new AppError("INVALID", message, { [KIND_FIELD[rejected.kind]]: [message] });
}

/**
 * The canonical value for what someone typed or imported. Topics and views are free text: an unknown one
 * joins the vocabulary, accepted when an admin typed it, else as the typist's proposal (shown to them, not
 * offered to others, until an admin decides). A value an admin rejected is refused with the admin's reason.
 * Task types must be one of the built-in ten (matched generously) or one an admin added.
 */
export async function resolveTerm(
  kind: VocabularyKind,
  raw: string,
  tx: Tx = db,
  proposer?: Proposer,
): Promise<Resolution> {
  const from = raw;
  const tidy = tidyValue(raw);
  if (!tidy) return { value: "", from, created: false };
  const key = vocabKey(tidy);
  const select = { id: true, value: true, status: true, reviewNote: true } as const;
  const term =
    (await tx.vocabularyTerm.findUnique({ where: { kind_key: { kind, key } }, select })) ??
    (
      await tx.vocabularyAlias.findUnique({
        where: { kind_key: { kind, key } },
        select: { term: { select } },
      })
    )?.term;
  if (term) {
    if (term.status === "REJECTED") {
      const message = rejectedMessage(kind, term.value, term.reviewNote);
      throw new AppError("INVALID", message, { [KIND_FIELD[kind]]: [message] });
    }
    // Someone else's pending proposal, typed again: this author proposes it too.
    if (term.status === "PROPOSED" && proposer && !can(proposer.roles, "vocabulary.manage"))
      await tx.vocabularyProposer.createMany({
        data: [{ termId: term.id, userId: proposer.id }],
        skipDuplicates: true,
      });
    return { value: term.value, from, created: false, proposed: term.status === "PROPOSED" };
  }

  if (kind === "TASK_TYPE") {
    const canonical = canonicalTaskType(tidy);
    if (canonical) return { value: canonical, from, created: false };
    throw new AppError(
      "INVALID",
      `Unknown task type "${tidy}". Use one of: ${CANONICAL_TASK_TYPES.join(", ")} (admins can add more).`,
      { taskType: [`Unknown task type "${tidy}"`] },
    );
  }
  const status = !proposer || can(proposer.roles, "vocabulary.manage") ? "ACCEPTED" : "PROPOSED";
  // Concurrent creators of the same new value: the unique (kind, key) makes one insert win; re-read after.
  await tx.vocabularyTerm.createMany({
    data: [{ kind, key, value: tidy, status, viewGroup: kind === "VIEW" ? guessViewGroup(tidy) : null }],
    skipDuplicates: true,
  });
  const stored = await tx.vocabularyTerm.findUniqueOrThrow({
    where: { kind_key: { kind, key } },
    select: { id: true, value: true, status: true },
  });
  if (stored.status === "PROPOSED" && proposer)
    await tx.vocabularyProposer.createMany({
      data: [{ termId: stored.id, userId: proposer.id }],
      skipDuplicates: true,
    });
  return {
    value: stored.value,
    from,
    created: stored.value === tidy,
    proposed: stored.status === "PROPOSED",
  };
}

const KIND_FIELD: Record<VocabularyKind, string> = { TOPIC: "topic", VIEW: "view", TASK_TYPE: "taskType" };

export type TermSuggestion = { value: string; count: number };

/** Values to offer while typing: the vocabulary, most used first, filtered by what was typed so far. */
export async function suggestTerms(kind: VocabularyKind, prefix: string, limit = 12): Promise<string[]> {
  const key = vocabKey(prefix);
  const terms = await db.vocabularyTerm.findMany({
    where: {
      kind,
      status: "ACCEPTED",
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
