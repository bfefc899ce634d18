"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import {
  acceptProposalsSchema,
  addAliasSchema,
  addTermSchema,
  decideProposalSchema,
  mergeTermsSchema,
  setViewGroupSchema,
} from "@/lib/validation/vocabulary";
import { addAlias, addTerm, mergeTerms, setViewGroup } from "@/lib/vocabulary/manage";
import { acceptVocabularyProposals } from "@/lib/vocabulary/use-cases/accept-proposals";
import { decideVocabularyProposal } from "@/lib/vocabulary/use-cases/decide-proposal";

const done = <T>(value: T) => {
  revalidatePath("/admin/vocabulary");
  return value;
};

export const addTermAction = protectedAction(
  { permission: "vocabulary.manage", input: addTermSchema },
  async (i, { user }) => done(await addTerm(i.kind, i.value, user)),
);

export const mergeTermsAction = protectedAction(
  { permission: "vocabulary.manage", input: mergeTermsSchema },
  async (i, { user }) => done(await mergeTerms(i.fromId, i.intoId, user)),
);

export const addAliasAction = protectedAction(
  { permission: "vocabulary.manage", input: addAliasSchema },
  async (i, { user }) => done(await addAlias(i.termId, i.alias, user)),
);

export const setViewGroupAction = protectedAction(
  { permission: "vocabulary.manage", input: setViewGroupSchema },
  async (i, { user }) => done(await setViewGroup(i.termId, i.viewGroup, user)),
);

export const decideProposalAction = protectedAction(
  { permission: "vocabulary.manage", input: decideProposalSchema },
  async (i, { user }) => done(await decideVocabularyProposal(user, i)),
);

export const acceptProposalsAction = protectedAction(
  { permission: "vocabulary.manage", input: acceptProposalsSchema },
  async (i, { user }) => done(await acceptVocabularyProposals(user, i)),
);
