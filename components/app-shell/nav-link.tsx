"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils/cn";

/** A navigation link marked current on its own page and below it (or below `section` when given). */
export function NavLink({
  href,
  section,
  children,
}: {
  href: string;
  section?: string;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const base = section ?? href;
  const active = pathname === base || pathname.startsWith(`${base}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "shrink-0 whitespace-nowrap rounded-md px-3 py-2 font-medium text-sm transition-colors hover:bg-accent hover:text-accent-foreground",
        active ? "bg-accent text-accent-foreground" : "text-muted-foreground",
      )}
    >
      {children}
    </Link>
  );
}
