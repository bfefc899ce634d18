import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { AcceptProposalsInput } from "@/lib/validation/vocabulary";
import { acceptProposedTerms } from "../accept";

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
    const accepted = await acceptProposedTerms(tx, actor.id, ids, { bulk: true });
    return { accepted, alreadyDecided: ids.length - accepted };
  });
}
