import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

// Entries are shown only to roles holding the permission; the pages check it again on the server.
export const NAV_ITEMS: NavItem[] = [
  { href: "/seeds", label: "Seeds", permission: "seed.read" },
  { href: "/review", label: "Review", permission: "seed.review" },
  { href: "/exports", label: "Exports", permission: "export.read" },
  { href: "/generation", label: "Generation", permission: "generation.read" },
  { href: "/datasets", label: "Datasets", permission: "dataset.read" },
  { href: "/admin/users", label: "Admin", permission: "user.manage" },
];
