import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { AcceptProposalsInput } from "@/lib/validation/vocabulary";

/**
 * Accepts many proposed topics and views at once (an import of the AlpaCare seeds proposes about 145), as
 * `decideVocabularyProposal` accepts one: each joins the vocabulary, its proposers are cleared, and each is
 * audited as vocabulary.proposal.accept, all in one transaction. A value another admin decided meanwhile is
 * left as they decided it and counted, not an error: the rest are still accepted.
 */
export async function acceptVocabularyProposals(
  actor: Actor,
  input: AcceptProposalsInput,
): Promise<{ accepted: number; alreadyDecided: number }> {
  authorize(actor, "vocabulary.manage");
  const ids = [...new Set(input.termIds)];
  return db.$transaction(async (tx) => {
    // One statement: only values still proposed change, so two admins accepting overlapping sets accept each once.
    const accepted = await tx.vocabularyTerm.updateManyAndReturn({
      where: { id: { in: ids }, status: "PROPOSED" },
      data: { status: "ACCEPTED" },
      select: { id: true, kind: true, value: true },
    });
    const acceptedIds = accepted.map((t) => t.id);
    const proposers = new Map<string, string[]>();
    for (const p of await tx.vocabularyProposer.findMany({
      where: { termId: { in: acceptedIds } },
      select: { termId: true, userId: true },
    }))
      proposers.set(p.termId, [...(proposers.get(p.termId) ?? []), p.userId]);
    await tx.vocabularyProposer.deleteMany({ where: { termId: { in: acceptedIds } } });
    await tx.auditEvent.createMany({
      data: accepted.map((t) => ({
        actorId: actor.id,
        action: "vocabulary.proposal.accept",
        targetType: "vocabulary",
        targetId: t.id,
        before: {
          kind: t.kind,
          value: t.value,
          status: "PROPOSED",
          proposers: proposers.get(t.id) ?? [],
        },
        after: { status: "ACCEPTED", bulk: true },
      })),
    });
    return { accepted: accepted.length, alreadyDecided: ids.length - accepted.length };
  });
}
