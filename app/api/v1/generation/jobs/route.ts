import { protectedRoute } from "@/lib/auth/route";
import { createJob, exportSeeds } from "@/lib/generation/jobs";
import { listJobs } from "@/lib/generation/progress";
import { enqueueJob } from "@/lib/generation/queue";
import { startJobSchema } from "@/lib/validation/generation";

export const dynamic = "force-dynamic";

/** GET /api/v1/generation/jobs: the latest generation jobs, newest first. */
export const GET = protectedRoute({ permission: "generation.read" }, async () => ({
  data: await listJobs(),
}));

/** POST /api/v1/generation/jobs {exportId, settings}: creates the job and queues it; a worker runs it. */
export const POST = protectedRoute(
  { permission: "generation.run", body: startJobSchema },
  async ({ body, user }) => {
    const { seeds, number } = await exportSeeds(body.exportId);
    const job = await createJob(
      { seeds, seedSource: `export #${number}`, exportId: body.exportId },
      body.settings,
      user,
    );
    await enqueueJob(job.id);
    return Response.json({ data: job }, { status: 201 });
  },
);
