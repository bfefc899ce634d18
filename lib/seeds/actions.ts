"use server";

// The seed editor's server actions. They live with their domain, not under app/, because shared components
// (components/seeds/*) call them; each only checks the session, parses the input and calls one use case.
import { protectedAction } from "@/lib/auth/action";
import type { SeedView } from "@/lib/seeds/types";
import { createSeedTask } from "@/lib/seeds/use-cases/create-seed-task";
import { findSimilarSeeds } from "@/lib/seeds/use-cases/find-similar-seeds";
import { updateSeedTask } from "@/lib/seeds/use-cases/update-seed-task";
import { seedDraftSchema, similarSeedsSchema, updateSeedSchema } from "@/lib/validation/seed";

/** What the editor needs back after a save (the autosave's next base version and the folded tags). */
export type SavedSeed = Pick<SeedView, "id" | "version" | "topic" | "view" | "taskType" | "status"> & {
  updatedAt: string;
  /** this save took an approval back: the task was approved (perhaps since the editor opened) and goes back to review */
  approvalWithdrawn: boolean;
};

const saved = (s: SeedView & { approvalWithdrawn?: boolean }): SavedSeed => ({
  approvalWithdrawn: s.approvalWithdrawn ?? false,
  id: s.id,
  version: s.version,
  topic: s.topic,
  view: s.view,
  taskType: s.taskType,
  status: s.status,
  updatedAt: s.updatedAt.toISOString(),
});

export const createSeedAction = protectedAction(
  { permission: "seed.create", input: seedDraftSchema },
  async (input, { user }) => saved(await createSeedTask(user, input)),
);

export const updateSeedAction = protectedAction(
  { permission: "seed.edit", input: updateSeedSchema },
  async (input, { user }) => saved(await updateSeedTask(user, input)),
);

export const similarSeedsAction = protectedAction(
  { permission: "seed.read", input: similarSeedsSchema },
  async (input, { user }) => findSimilarSeeds(user, input),
);
