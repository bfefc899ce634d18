import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { type TransitionResult, undoApproval } from "@/lib/review/transitions";
import type { undoApprovalSchema } from "@/lib/validation/review";

/**
 * A reviewer takes back the approval they just gave (the "Undo" after `a`): within a short window, and only
 * while nobody has acted on the task since. Audited as seed.approve.undo; the approval's own entry stays.
 */
export async function undoSeedApproval(
  actor: Actor,
  input: z.output<typeof undoApprovalSchema>,
): Promise<TransitionResult> {
  authorize(actor, "seed.approve");
  return undoApproval(input.id, input.version, actor);
}
