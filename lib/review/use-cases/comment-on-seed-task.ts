import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { addComment } from "@/lib/review/transitions";
import type { commentSchema } from "@/lib/validation/review";

/** A reply in a task's thread, on its current version (authors answer reasons; reviewers ask questions). */
export async function commentOnSeedTask(
  actor: Actor,
  input: z.output<typeof commentSchema>,
): Promise<{ id: string }> {
  authorize(actor, "seed.comment");
  const comment = await addComment(input.id, input.body, actor);
  return { id: comment.id };
}
