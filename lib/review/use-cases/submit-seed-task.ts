import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { submitSeed, type TransitionResult } from "@/lib/review/transitions";
import type { submitSeedSchema } from "@/lib/validation/review";

/**
 * Sends a complete task for review, from the version its sender saw. Someone else's task needs
 * seed.submit.any; without it the task is "not found". Audited as seed.submit.
 */
export async function submitSeedTask(
  actor: Actor,
  input: z.output<typeof submitSeedSchema>,
): Promise<TransitionResult> {
  authorize(actor, "seed.submit");
  return submitSeed(input.id, input.version, actor);
}
