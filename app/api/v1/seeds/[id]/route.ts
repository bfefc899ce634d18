import { seedDetailJson, seedJson, seedPatchSchema } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";
import { updateSeed } from "@/lib/seeds/mutations";
import { getSeed, getSeedRevisions } from "@/lib/seeds/queries";

export const dynamic = "force-dynamic";

const notFound = () => new AppError("NOT_FOUND", "No seed task has this id.");

/** GET /api/v1/seeds/{id}: the task with every revision, newest first. */
export const GET = protectedRoute({ permission: "seed.read" }, async ({ params }) => {
  const id = String(params.id);
  const seed = await getSeed(id);
  if (!seed) throw notFound();
  return seedDetailJson(seed, await getSeedRevisions(id));
});

/**
 * PATCH /api/v1/seeds/{id} {version, ...fields}: changes only the fields sent. The rest are taken from the
 * version named, which updateSeed checks atomically, so a change based on a stale read is a 409, never a
 * silent overwrite of someone else's edit.
 */
export const PATCH = protectedRoute(
  { permission: "seed.edit", body: seedPatchSchema },
  async ({ params, body, user }) => {
    const id = String(params.id);
    const current = await getSeed(id);
    if (!current) throw notFound();
    const { version, ...changes } = body;
    const { instruction, input, output, topic, view, taskType, difficulty, note } = current;
    const fields = { instruction, input, output, topic, view, taskType, difficulty, note, ...changes };
    return { data: seedJson(await updateSeed({ ...fields, id, version }, user)) };
  },
);
