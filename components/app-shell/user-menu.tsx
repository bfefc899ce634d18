"use client";

import { ChevronDown, KeyRound, LogOut } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { DropdownMenu } from "radix-ui";
import { ROLE_LABELS, type Role } from "@/lib/model/roles";

/**
 * Signs out without next-auth's redirect (which is absolute, built from NEXTAUTH_URL: someone who came
 * through another host name landed on `localhost`), then goes to the sign-in page of the host they are on.
 */
async function signOutHere() {
  await signOut({ redirect: false }).catch(() => undefined);
  window.location.assign("/signin");
}

export function UserMenu({ email, name, roles }: { email: string; name: string | null; roles: Role[] }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex items-center gap-2 rounded-md px-3 py-2 text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label="User menu"
      >
        <span className="max-w-48 truncate">{name ?? email}</span>
        <ChevronDown aria-hidden="true" className="size-4" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-56 rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-sm">
            <div className="font-medium">{name ?? email}</div>
            {name ? <div className="text-muted-foreground text-xs">{email}</div> : null}
            <div className="mt-1 text-muted-foreground text-xs">
              {roles.map((r) => ROLE_LABELS[r]).join(", ")}
            </div>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item
            asChild
            className="flex cursor-pointer select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent"
          >
            <Link href="/account/tokens">
              <KeyRound aria-hidden="true" className="size-4" />
              API tokens
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            onSelect={signOutHere}
            className="flex cursor-pointer select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-accent"
          >
            <LogOut aria-hidden="true" className="size-4" />
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
