import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { endpointTrustSchema } from "@/lib/validation/generation";
import { endpointKey, setEndpointTrust, type TrustedEndpoint } from "../phi-trust";

/**
 * An admin marks a provider endpoint trusted for PHI (the gate then only warns for jobs using it, and every
 * such job shows it), or takes the mark back. Audited with the reason.
 */
export async function setProviderEndpointTrust(
  actor: Actor,
  input: z.output<typeof endpointTrustSchema>,
): Promise<TrustedEndpoint[]> {
  authorize(actor, "settings.manage");
  const me = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { name: true, email: true },
  });
  return setEndpointTrust(
    { ...actor, label: me.name ?? me.email },
    { endpoint: endpointKey(input), trusted: input.trusted, reason: input.reason },
  );
}
