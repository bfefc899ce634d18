import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { canEditSeed } from "@/lib/seeds/access";
import { type UpdatedSeed, updateSeed } from "@/lib/seeds/mutations";
import { getSeed } from "@/lib/seeds/queries";
import type { SeedFields } from "@/lib/seeds/types";
import type { SeedDraftInput } from "@/lib/validation/seed";
import { SOURCE_FIELDS } from "@/lib/validation/source";

/** The fields given replace the task's; those left out stay (the editor sends every field, the API's PATCH only the changed ones). */
export type SeedTaskUpdate = Partial<SeedDraftInput> & { id: string; version: number };

const FIELDS = [
  ...["instruction", "input", "output", "topic", "view", "taskType", "difficulty", "note"],
  ...SOURCE_FIELDS,
] as const satisfies readonly (keyof SeedFields)[];

/**
 * Saves a change made from `version`, version-checked and audited (see updateSeed). Someone else's task needs
 * seed.edit.any; without it the task is "not found", as if it did not exist.
 */
export async function updateSeedTask(actor: Actor, input: SeedTaskUpdate): Promise<UpdatedSeed> {
  authorize(actor, "seed.edit");
  const current = await getSeed(input.id);
  if (!current || !canEditSeed(actor, current)) {
    throw new AppError("NOT_FOUND", "This seed task does not exist, or it is not yours to edit.");
  }
  // Fields left out come from the task as read; updateSeed refuses the write if it has moved past `version`
  // meanwhile, so a change never lands on top of text its sender did not see.
  const fields = Object.fromEntries(
    FIELDS.map((f) => [f, input[f] === undefined ? current[f] : input[f]]),
  ) as SeedFields;
  return updateSeed({ ...fields, id: input.id, version: input.version }, actor);
}
