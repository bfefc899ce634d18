// The lifecycle states of a seed task and their labels: client-safe, one source for every page and schema.
export const SEED_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "CHANGES_REQUESTED",
  "APPROVED",
  "REJECTED",
  "ARCHIVED",
] as const;
export type SeedStatusName = (typeof SEED_STATUSES)[number];

export const SEED_STATUS_LABELS: Record<SeedStatusName, string> = {
  DRAFT: "Draft",
  SUBMITTED: "Submitted",
  CHANGES_REQUESTED: "Changes requested",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  ARCHIVED: "Archived",
};
