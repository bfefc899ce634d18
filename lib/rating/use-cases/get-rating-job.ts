import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { ratingJobView } from "../jobs";

/** A rating job's live progress: state, records done and cached, unparsed answers, cost against budget. */
export async function getRatingJob(actor: Actor, input: { jobId: string }) {
  authorize(actor, "dataset.read");
  const job = await ratingJobView(input.jobId);
  if (!job) throw new AppError("NOT_FOUND", "That rating job does not exist.");
  return job;
}
