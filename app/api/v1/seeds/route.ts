import { seedJson, seedListApiQuerySchema } from "@/lib/api/schemas";
import { parseInput } from "@/lib/auth/guard";
import { protectedRoute } from "@/lib/auth/route";
import { listSeedsByCursor } from "@/lib/seeds/cursor";
import { createSeed } from "@/lib/seeds/mutations";
import { seedDraftSchema } from "@/lib/validation/seed";

export const dynamic = "force-dynamic";

/** Repeated parameters become arrays; empty ones count as not sent (`?limit=` is the default limit). */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).filter((v) => v !== "");
    if (values.length) out[key] = values.length > 1 ? values : (values[0] as string);
  }
  return out;
}

/** GET /api/v1/seeds?limit=&cursor=&status=&topic=&view=&type=&difficulty=&author=&q= */
export const GET = protectedRoute({ permission: "seed.read" }, async ({ req }) => {
  const query = parseInput(seedListApiQuerySchema, queryObject(new URL(req.url).searchParams));
  const page = await listSeedsByCursor(query);
  return { data: page.rows.map(seedJson), nextCursor: page.nextCursor };
});

/** POST /api/v1/seeds {instruction, input?, output?, topic?, view?, taskType?, difficulty?, note?}: a new draft. */
export const POST = protectedRoute(
  { permission: "seed.create", body: seedDraftSchema },
  async ({ body, user }) => {
    const seed = await createSeed(body, user);
    return Response.json(
      { data: seedJson(seed) },
      { status: 201, headers: { location: `/api/v1/seeds/${seed.id}` } },
    );
  },
);
