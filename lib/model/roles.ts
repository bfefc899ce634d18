// Client-safe copy of the Role enum (the Prisma enum lives in server-only generated code).
export const ROLES = ["AUTHOR", "REVIEWER", "ENGINEER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  AUTHOR: "Author",
  REVIEWER: "Reviewer",
  ENGINEER: "ML engineer",
  ADMIN: "Admin",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  AUTHOR: "Clinician who writes seed tasks",
  REVIEWER:
    "Approves, sends back or rejects seed tasks; exports approved seeds; curates generated data (edits, exclusions, spot checks) and rates it",
  ENGINEER:
    "Exports approved seeds, runs generation, evaluation and rating, publishes datasets (curating records is a reviewer's)",
  ADMIN: "Everything an engineer does, plus users, vocabularies, prompts, keys and settings",
};
