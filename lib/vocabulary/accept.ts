import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Pick<Prisma.TransactionClient, "vocabularyTerm" | "vocabularyProposer" | "auditEvent">;

/**
 * Accepts those of these topics and views still proposed, in the caller's transaction: each joins the
 * vocabulary, its proposers are cleared, and each is audited as vocabulary.proposal.accept with `how` (a bulk
 * accept, or an admin's import using the value). One statement changes only values still proposed, so two
 * admins accepting overlapping sets accept each once. Returns how many it accepted.
 */
export async function acceptProposedTerms(
  tx: Tx,
  actorId: string,
  ids: readonly string[],
  how: Record<string, string | boolean>,
): Promise<number> {
  if (!ids.length) return 0;
  const accepted = await tx.vocabularyTerm.updateManyAndReturn({
    where: { id: { in: [...ids] }, status: "PROPOSED" },
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
      actorId,
      action: "vocabulary.proposal.accept",
      targetType: "vocabulary",
      targetId: t.id,
      before: { kind: t.kind, value: t.value, status: "PROPOSED", proposers: proposers.get(t.id) ?? [] },
      after: { status: "ACCEPTED", ...how },
    })),
  });
  return accepted.length;
}
