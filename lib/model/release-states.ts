// The states of a published dataset (a release) while a worker builds its files, and their labels.

export const RELEASE_STATES = ["PENDING", "READY", "FAILED"] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export const RELEASE_STATE_LABELS: Record<ReleaseState, string> = {
  PENDING: "building",
  READY: "ready",
  FAILED: "failed",
};
