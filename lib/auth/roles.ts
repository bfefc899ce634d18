// Client-safe copy of the Role enum (the Prisma enum lives in server-only generated code).
export const ROLES = ["AUTHOR", "REVIEWER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  AUTHOR: "Author",
  REVIEWER: "Reviewer",
  ADMIN: "Admin",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  AUTHOR: "Clinician who writes seed tasks",
  REVIEWER: "Approves, sends back or rejects seed tasks; exports approved seeds",
  ADMIN: "Manages users and vocabularies; runs generation jobs",
};
