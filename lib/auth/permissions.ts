import type { Role } from "./roles";

// The one table of who may do what. Every server action and route handler names one of these
// permissions through the wrappers in lib/auth/action.ts and lib/auth/route.ts; pages use `can`
// only to decide what to show. Later features add their actions here (and to the matrix test).
export const PERMISSIONS = {
  "dashboard.view": ["AUTHOR", "REVIEWER", "ADMIN"],
  "seed.read": ["AUTHOR", "REVIEWER", "ADMIN"],
  "seed.create": ["AUTHOR", "ADMIN"],
  "seed.edit": ["AUTHOR", "ADMIN"],
  "seed.import": ["AUTHOR", "ADMIN"],
  "seed.import.approved": ["ADMIN"],
  "seed.submit": ["AUTHOR", "ADMIN"],
  "seed.comment": ["AUTHOR", "REVIEWER", "ADMIN"],
  "seed.archive": ["AUTHOR", "ADMIN"],
  "seed.review": ["REVIEWER", "ADMIN"],
  "seed.approve": ["REVIEWER", "ADMIN"],
  "export.read": ["REVIEWER", "ADMIN"],
  "export.create": ["REVIEWER", "ADMIN"],
  "generation.read": ["ADMIN"],
  "generation.run": ["ADMIN"],
  "generation.configure": ["ADMIN"],
  // Generated datasets: reviewers browse, curate and spot-check what generation made; admins publish it.
  "dataset.read": ["REVIEWER", "ADMIN"],
  "dataset.curate": ["REVIEWER", "ADMIN"],
  "dataset.spotcheck": ["REVIEWER", "ADMIN"],
  "dataset.publish": ["ADMIN"],
  "user.manage": ["ADMIN"],
  "vocabulary.manage": ["ADMIN"],
  "settings.manage": ["ADMIN"],
  "audit.read": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function can(roles: readonly Role[] | null | undefined, permission: Permission): boolean {
  if (!roles?.length) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}
