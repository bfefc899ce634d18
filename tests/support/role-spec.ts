import type { Role } from "@/lib/auth/roles";

// What each role may do, written from the product's rules (not read from lib/auth/permissions.ts), so the
// matrix tests catch a table edit that gives a role too much or too little.
export const ROLE_SPEC: Record<Role, string[]> = {
  AUTHOR: [
    "dashboard.view",
    "seed.read",
    "seed.create",
    "seed.edit",
    "seed.import",
    "seed.submit",
    "seed.comment",
    "seed.archive",
  ],
  REVIEWER: [
    "dashboard.view",
    "seed.read",
    "seed.comment",
    "seed.review",
    "seed.approve",
    "export.read",
    "export.create",
  ],
  ADMIN: [
    "dashboard.view",
    "seed.read",
    "seed.create",
    "seed.edit",
    "seed.import",
    "seed.import.approved",
    "seed.submit",
    "seed.comment",
    "seed.archive",
    "seed.review",
    "seed.approve",
    "export.read",
    "export.create",
    "generation.read",
    "generation.run",
    "generation.configure",
    "user.manage",
    "vocabulary.manage",
    "settings.manage",
    "audit.read",
  ],
};
