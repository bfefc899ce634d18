import { protectedRoute } from "@/lib/auth/route";
import { listGenerationJobs } from "@/lib/generation/use-cases/list-generation-jobs";
import { startGenerationJob } from "@/lib/generation/use-cases/start-generation-job";
import { startJobSchema } from "@/lib/validation/generation";

export const dynamic = "force-dynamic";

/** GET /api/v1/generation/jobs: the latest generation jobs, newest first. */
export const GET = protectedRoute({ permission: "generation.read" }, async ({ user }) => ({
  data: await listGenerationJobs(user),
}));

/** POST /api/v1/generation/jobs {exportId, settings}: creates the job and queues it; a worker runs it. */
export const POST = protectedRoute(
  { permission: "generation.run", body: startJobSchema },
  async ({ body, user }) => {
    const { id, number } = await startGenerationJob(user, body);
    return Response.json({ data: { id, number } }, { status: 201 });
  },
);
