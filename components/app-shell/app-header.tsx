import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { NAV_ITEMS } from "./nav-items";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

export function AppHeader({ user }: { user: SessionUser }) {
  const items = NAV_ITEMS.filter((item) => can(user.roles, item.permission));
  return (
    <header className="border-b bg-background">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4">
        <Link href="/" className="font-semibold text-lg tracking-tight">
          Med<span className="text-primary">Seed</span>
        </Link>
        <nav aria-label="Main" className="flex flex-1 items-center gap-1">
          {items.map((item) => (
            <NavLink key={item.href} href={item.href} section={`/${item.href.split("/")[1]}`}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <UserMenu email={user.email} name={user.name} roles={user.roles} />
      </div>
    </header>
  );
}
