import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { archiveSeed, type TransitionResult } from "@/lib/review/transitions";
import type { archiveSeedSchema } from "@/lib/validation/review";

/** Takes a task out of use (kept on record). Someone else's task needs seed.archive.any, else "not found". */
export async function archiveSeedTask(
  actor: Actor,
  input: z.output<typeof archiveSeedSchema>,
): Promise<TransitionResult> {
  authorize(actor, "seed.archive");
  return archiveSeed(input.id, actor);
}
