import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import type { Prisma, VocabularyKind } from "@/lib/generated/prisma/client";
import { CANONICAL_TASK_TYPES, canonicalTaskType } from "@/lib/model/task-types";
import { guessViewGroup, tidyValue, vocabKey } from "@/lib/model/vocabulary";
import { acceptProposedTerms } from "@/lib/vocabulary/accept";
import { rejectedMessage } from "@/lib/vocabulary/resolve";
import { Pacer } from "./pacer";

type Tx = Pick<
  Prisma.TransactionClient,
  "vocabularyTerm" | "vocabularyAlias" | "vocabularyProposer" | "auditEvent"
>;

export type TermResolution = { value: string; isNew: boolean } | { error: string };

// Values per query: Prisma builds a query with a list of a thousand in about 5 ms (the event loop waits for
// it), five thousand in 20 or more.
const CHUNK = 1_000;
const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The same answers as `resolveTerm` (lib/vocabulary/resolve.ts), for every distinct value of a file at once:
 * stored terms and aliases first, then the built-in task-type spellings; unknown topics and views are new
 * (created when `create` is set, else only reported: accepted when an admin imports, else proposals of the
 * importer, as typed values are); values an admin rejected and unknown task types are errors.
 */
export async function resolveTerms(
  kind: VocabularyKind,
  raws: Iterable<string>,
  tx: Tx,
  { create, proposer }: { create: boolean; proposer?: Pick<Actor, "id" | "roles"> },
  pacer = new Pacer(),
): Promise<Map<string, TermResolution>> {
  const tidyOf = new Map<string, string>(); // raw -> tidy
  for (const raw of raws) {
    if (!tidyOf.has(raw)) tidyOf.set(raw, tidyValue(raw));
    if (pacer.due()) await pacer.pause();
  }
  const keys = [...new Set([...tidyOf.values()].filter(Boolean).map(vocabKey))];

  const known = await storedValues(kind, keys, tx);
  const fresh = new Map<string, string>(); // key -> the first spelling seen, for new topics and views
  const out = new Map<string, TermResolution>();
  for (const [raw, tidy] of tidyOf) {
    if (pacer.due()) await pacer.pause();
    if (!tidy) {
      out.set(raw, { value: "", isNew: false });
      continue;
    }
    const key = vocabKey(tidy);
    const stored = known.get(key);
    if (stored?.status === "REJECTED")
      out.set(raw, { error: rejectedMessage(kind, stored.value, stored.note) });
    else if (stored !== undefined) out.set(raw, { value: stored.value, isNew: false });
    else if (kind === "TASK_TYPE") {
      const canonical = canonicalTaskType(tidy);
      out.set(
        raw,
        canonical
          ? { value: canonical, isNew: false }
          : {
              error: `Unknown type "${tidy}". Use one of: ${CANONICAL_TASK_TYPES.join(", ")} (admins can add more).`,
            },
      );
    } else {
      if (!fresh.has(key)) fresh.set(key, tidy);
      out.set(raw, { value: fresh.get(key) as string, isNew: true });
    }
  }

  const proposes = Boolean(proposer && !can(proposer.roles, "vocabulary.manage"));
  if (create && fresh.size) {
    for (const part of chunks([...fresh])) {
      await tx.vocabularyTerm.createMany({
        data: part.map(([key, value]) => ({
          kind,
          key,
          value,
          status: proposes ? ("PROPOSED" as const) : ("ACCEPTED" as const),
          viewGroup: kind === "VIEW" ? guessViewGroup(value) : null,
        })),
        skipDuplicates: true, // another writer may have added the same value meanwhile: theirs stands
      });
    }
    const stored = await storedValues(kind, [...fresh.keys()], tx);
    for (const [raw, tidy] of tidyOf) {
      const value = tidy ? stored.get(vocabKey(tidy))?.value : undefined;
      const prior = out.get(raw);
      if (value !== undefined && prior && "isNew" in prior && prior.isNew)
        out.set(raw, { value, isNew: true });
    }
  }
  // An importer who manages the vocabulary accepts the values the file uses that someone else only proposed
  // (as their new values are accepted): the seeds they import carry them, and every reviewer's filters list
  // them. (An admin importing AlpaCare's "Medical Student" after an author had typed "Medical student".)
  if (create && proposer && !proposes) {
    // The first lookup's answer: a value created just now is accepted already, and the statement changes
    // only values still proposed.
    const pending = [...known.values()].filter((t) => t.status === "PROPOSED");
    await acceptProposedTerms(
      tx,
      proposer.id,
      pending.map((t) => t.id),
      { import: true },
    );
  }
  // The importer proposes every pending value the file uses (new here or proposed by someone else before).
  if (create && proposes && proposer) {
    const pending = [...(await storedValues(kind, keys, tx)).values()].filter((t) => t.status === "PROPOSED");
    for (const part of chunks(pending))
      await tx.vocabularyProposer.createMany({
        data: part.map((t) => ({ termId: t.id, userId: proposer.id })),
        skipDuplicates: true,
      });
  }
  return out;
}

type Stored = {
  id: string;
  value: string;
  status: "ACCEPTED" | "PROPOSED" | "REJECTED";
  note: string | null;
};

/** key -> canonical value, for keys that are a stored term or an alias of one. */
async function storedValues(kind: VocabularyKind, keys: string[], tx: Tx): Promise<Map<string, Stored>> {
  const found = new Map<string, Stored>();
  const select = { id: true, key: true, value: true, status: true, reviewNote: true } as const;
  const stored = (t: { id: string; value: string; status: Stored["status"]; reviewNote: string | null }) => ({
    id: t.id,
    value: t.value,
    status: t.status,
    note: t.reviewNote,
  });
  for (const part of chunks(keys)) {
    const [terms, aliases] = await Promise.all([
      tx.vocabularyTerm.findMany({ where: { kind, key: { in: part } }, select }),
      tx.vocabularyAlias.findMany({
        where: { kind, key: { in: part } },
        select: { key: true, term: { select } },
      }),
    ]);
    for (const a of aliases) found.set(a.key, stored(a.term));
    for (const t of terms) found.set(t.key, stored(t)); // a term beats an alias with the same key
  }
  return found;
}
