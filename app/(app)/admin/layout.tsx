import type { ReactNode } from "react";
import { ADMIN_NAV_ITEMS } from "@/components/app-shell/nav-items";
import { NavLink } from "@/components/app-shell/nav-link";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePagePermission("user.manage");
  return (
    <div className="grid gap-6">
      <nav aria-label="Admin" className="flex flex-wrap gap-1 border-b pb-2">
        {ADMIN_NAV_ITEMS.filter((item) => can(user.roles, item.permission)).map((item) => (
          <NavLink key={item.href} href={item.href}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      {children}
    </div>
  );
}
