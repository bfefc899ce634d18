"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { setPublishMinAcceptable } from "@/lib/dataset/use-cases/set-publish-min-acceptable";
import { setProviderEndpointTrust } from "@/lib/generation/use-cases/set-endpoint-trust";
import { setApprovalsRequired } from "@/lib/review/settings";
import { publishMinAcceptableSchema } from "@/lib/validation/dataset";
import { endpointTrustSchema } from "@/lib/validation/generation";

const approvalsSchema = z.object({
  approvals: z.coerce
    .number({ error: "Enter a number from 1 to 5" })
    .int("Enter a whole number from 1 to 5")
    .min(1, "At least 1: every revision needs a reviewer other than its author")
    .max(5, "At most 5"),
});

export const setApprovalsRequiredAction = protectedAction(
  { permission: "settings.manage", input: approvalsSchema },
  async ({ approvals }, { user }) => {
    // Saving the same number again changes nothing, so it leaves no audit row either.
    const { changed } = await setApprovalsRequired(approvals, user);
    revalidatePath("/admin/settings");
    return { approvalsRequired: approvals, changed };
  },
);

export const setPublishMinAcceptableAction = protectedAction(
  { permission: "settings.manage", input: publishMinAcceptableSchema },
  async ({ minAcceptablePercent }, { user }) => {
    const { changed } = await setPublishMinAcceptable(user, { minAcceptable: minAcceptablePercent / 100 });
    revalidatePath("/admin/settings");
    revalidatePath("/datasets/publish");
    return { minAcceptablePercent, changed };
  },
);

/** PHI screening: marks a provider endpoint trusted (the gate warns instead of stopping), or unmarks it. */
export const setEndpointTrustAction = protectedAction(
  { permission: "settings.manage", input: endpointTrustSchema },
  async (input, { user }) => {
    const list = await setProviderEndpointTrust(user, input);
    revalidatePath("/admin/settings");
    return { trusted: list.length };
  },
);
