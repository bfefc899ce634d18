import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

// Entries are shown only to roles holding the permission; the pages check it again on the server. So an ML
// engineer sees Dashboard, Seeds (to read), Exports, Generation and Datasets; an author Dashboard and Seeds.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Dashboard", permission: "dashboard.view" },
  { href: "/seeds", label: "Seeds", permission: "seed.read" },
  { href: "/review", label: "Review", permission: "seed.review" },
  { href: "/exports", label: "Exports", permission: "export.read" },
  { href: "/generation", label: "Generation", permission: "generation.read" },
  { href: "/datasets", label: "Datasets", permission: "dataset.read" },
  { href: "/evaluation", label: "Evaluation", permission: "evaluation.read" },
  { href: "/admin/users", label: "Admin", permission: "user.manage" },
];

/** The admin area's own tabs, the same way. */
export const ADMIN_NAV_ITEMS: NavItem[] = [
  { href: "/admin/users", label: "Users", permission: "user.manage" },
  { href: "/admin/vocabulary", label: "Vocabulary", permission: "vocabulary.manage" },
  { href: "/admin/audit", label: "Audit log", permission: "audit.read" },
  { href: "/admin/settings", label: "Settings", permission: "settings.manage" },
];
