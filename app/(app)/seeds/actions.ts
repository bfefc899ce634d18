"use server";

import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { createSeed, updateSeed } from "@/lib/seeds/mutations";
import { mostSimilarSeeds } from "@/lib/seeds/near-duplicates";
import type { SeedView } from "@/lib/seeds/types";
import { SEED_LIMITS, seedDraftSchema, updateSeedSchema } from "@/lib/validation/seed";

export type SavedSeed = Pick<SeedView, "id" | "version" | "topic" | "view" | "taskType" | "status"> & {
  updatedAt: string;
};

const saved = (s: SeedView): SavedSeed => ({
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
  async (input, { user }) => saved(await createSeed(input, user)),
);

export const updateSeedAction = protectedAction(
  { permission: "seed.edit", input: updateSeedSchema },
  async (input, { user }) => saved(await updateSeed(input, user)),
);

export const similarSeedsAction = protectedAction(
  {
    permission: "seed.read",
    input: z.object({
      instruction: z.string().max(SEED_LIMITS.instruction),
      excludeId: z.string().optional(),
    }),
  },
  async ({ instruction, excludeId }) => mostSimilarSeeds(instruction, 3, excludeId),
);
