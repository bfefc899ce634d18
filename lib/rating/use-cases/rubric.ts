import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { currentRubric, rubricHistory, saveRubric } from "../rubrics";

/** The rater's rubric, latest version first. */
export async function getRubric(actor: Actor) {
  authorize(actor, "dataset.read");
  return { current: await currentRubric(), history: await rubricHistory() };
}

/** Saves an edit as a new version (audited as rating.rubric); jobs already made keep theirs. */
export async function editRubric(
  actor: Actor,
  input: { system: string; user: string; note?: string; basedOn: number },
) {
  authorize(actor, "rating.rubric");
  return saveRubric(input, actor.id);
}
