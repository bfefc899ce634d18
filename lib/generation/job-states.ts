// Which job states still change a job's output: a queued or running job is live; any other (completed,
// paused, cancelled, failed) holds still, so its records can be spot-checked, analysed and published.
// Client-safe.

export const LIVE_STATES: ReadonlySet<string> = new Set(["QUEUED", "RUNNING"]);

export const isLive = (state: string): boolean => LIVE_STATES.has(state);
