import type { ReactNode } from "react";
import { NavLink } from "@/components/app-shell/nav-link";
import { requirePagePermission } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePagePermission("user.manage");
  return (
    <div className="grid gap-6">
      <nav aria-label="Admin" className="flex gap-1 border-b pb-2">
        <NavLink href="/admin/users">Users</NavLink>
        <NavLink href="/admin/vocabulary">Vocabulary</NavLink>
        <NavLink href="/admin/audit">Audit log</NavLink>
        <NavLink href="/admin/settings">Settings</NavLink>
      </nav>
      {children}
    </div>
  );
}
