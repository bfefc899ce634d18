import type { Role } from "@/lib/auth/roles";

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

export type SeedFields = {
  instruction: string;
  input: string;
  output: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number | null;
  note: string;
};

export type SeedView = SeedFields & {
  id: string;
  status: SeedStatusName;
  version: number;
  authorId: string;
  authorEmail: string;
  authorName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type Actor = { id: string; roles: Role[] };
