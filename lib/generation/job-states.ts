// Which job states still change a job's output: a queued or running job is live; any other (completed,
// paused, cancelled, failed) holds still, so its records can be spot-checked, analysed and published.
// Client-safe.

export const LIVE_STATES: ReadonlySet<string> = new Set(["QUEUED", "RUNNING"]);

export const isLive = (state: string): boolean => LIVE_STATES.has(state);

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The job page's line under its task requests: failed calls (task and response requests together: the count
 * is one for both), and what is still to happen to calls, only while something still can: a cancelled job said
 * "6 left to retry · 3 claimed" of calls that will never be made.
 */
export function callsLine(job: {
  state: string;
  requests: { failedCalls: number; retrying: number; inFlight: number };
  responses: { retrying: number; inFlight: number };
  settings: { concurrency: number };
}): string {
  const failed = `${count(job.requests.failedCalls)} failed call${job.requests.failedCalls === 1 ? "" : "s"} (task and response requests)`;
  const retrying = job.requests.retrying + job.responses.retrying;
  const claimed = job.requests.inFlight + job.responses.inFlight;
  if (isLive(job.state))
    return `${failed} · ${count(retrying)} retrying · ${count(claimed)} claimed (sent, or leased as next in line; at most ${job.settings.concurrency} sent at once)`;
  if (job.state === "PAUSED")
    return `${failed} · ${count(retrying)} to retry on resume${claimed ? ` · ${count(claimed)} claimed before the pause (a call already sent still finishes)` : ""}`;
  return failed;
}
