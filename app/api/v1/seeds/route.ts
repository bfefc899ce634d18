import { seedJson, seedListApiQuerySchema } from "@/lib/api/schemas";
import { protectedRoute } from "@/lib/auth/route";
import { createSeedTask } from "@/lib/seeds/use-cases/create-seed-task";
import { listSeedTasks } from "@/lib/seeds/use-cases/list-seed-tasks";
import { seedDraftSchema } from "@/lib/validation/seed";

export const dynamic = "force-dynamic";

/** GET /api/v1/seeds?limit=&cursor=&status=&topic=&view=&type=&difficulty=&author=&q= */
export const GET = protectedRoute(
  { permission: "seed.read", query: seedListApiQuerySchema },
  async ({ query, user }) => {
    const page = await listSeedTasks(user, { by: "cursor", query });
    return { data: page.rows.map(seedJson), nextCursor: page.nextCursor };
  },
);

/** POST /api/v1/seeds {instruction, input?, output?, topic?, view?, taskType?, difficulty?, note?}: a new draft. */
export const POST = protectedRoute(
  { permission: "seed.create", body: seedDraftSchema },
  async ({ body, user }) => {
    const seed = await createSeedTask(user, body);
    return Response.json(
      { data: seedJson(seed) },
      { status: 201, headers: { location: `/api/v1/seeds/${seed.id}` } },
    );
  },
);
