import { seedDetailJson, seedJson, seedPatchSchema } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { getSeedTask } from "@/lib/seeds/use-cases/get-seed-task";
import { updateSeedTask } from "@/lib/seeds/use-cases/update-seed-task";

export const dynamic = "force-dynamic";

/** GET /api/v1/seeds/{id}: the task with every revision, newest first. */
export const GET = protectedRoute({ permission: "seed.read" }, async ({ params, user }) => {
  const { seed, revisions } = await getSeedTask(user, { id: String(params.id) });
  return seedDetailJson(seed, revisions);
});

/**
 * PATCH /api/v1/seeds/{id} {version, ...fields}: changes only the fields sent; the rest stay. The write is
 * checked against the version named, so a change based on a stale read is a 409, never a silent overwrite
 * of someone else's edit.
 */
export const PATCH = protectedRoute(
  { permission: "seed.edit", body: seedPatchSchema },
  async ({ params, body, user }) => ({
    data: seedJson(await updateSeedTask(user, { ...body, id: String(params.id) })),
  }),
);
