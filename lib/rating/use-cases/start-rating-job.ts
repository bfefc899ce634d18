import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { StartRatingInput } from "@/lib/validation/rating";
import { createRatingJob } from "../jobs";
import { enqueueRatingJob } from "../queue";

/**
 * Rates a generation job's kept records or a release's records with the current rubric (audited as
 * rating.start); a worker does the work. `driver: "caller"` queues nothing (tests and the CLI drive it).
 */
export async function startRatingJob(
  actor: Actor,
  input: StartRatingInput,
  opts: { driver?: "queue" | "caller" } = {},
) {
  authorize(actor, "rating.run");
  const job = await createRatingJob(input, actor);
  if (opts.driver !== "caller") await enqueueRatingJob(job.id);
  return job;
}
