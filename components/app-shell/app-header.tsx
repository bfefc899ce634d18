import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { waitingCounts } from "@/lib/review/stats";
import { NAV_ITEMS } from "./nav-items";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

/** What waits for this person, as a count beside the nav entry (reviewers: the queue; authors: sent back). */
function Count({ n, label }: { n: number; label: string }) {
  if (!n) return null;
  return (
    <span className="ml-1.5 rounded-full bg-primary px-1.5 py-0.5 font-semibold text-[10px] text-primary-foreground tabular-nums">
      {n}
      <span className="sr-only"> {label}</span>
    </span>
  );
}

export async function AppHeader({ user }: { user: SessionUser }) {
  const items = NAV_ITEMS.filter((item) => can(user.roles, item.permission));
  const waiting = await waitingCounts(user);
  return (
    <header className="border-b bg-background">
      {/* On a phone the nav goes to a line of its own below, wrapping onto a second when it must (scrolling
          sideways hid the last entries behind the edge with nothing to say they were there). */}
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 px-4 py-1 md:h-14 md:flex-nowrap md:py-0">
        <Link href="/" className="font-semibold text-lg tracking-tight">
          Med<span className="text-primary">Seed</span>
        </Link>
        <nav
          aria-label="Main"
          className="order-last -mx-4 flex w-[calc(100%+2rem)] flex-wrap items-center gap-1 px-4 pb-1 md:order-none md:mx-0 md:w-auto md:min-w-0 md:flex-1 md:flex-nowrap md:px-0 md:pb-0"
        >
          {items.map((item) => (
            <NavLink key={item.href} href={item.href} section={`/${item.href.split("/")[1]}`}>
              {item.label}
              {item.href === "/review" ? (
                <Count n={waiting.toReview} label="waiting for your review" />
              ) : null}
              {item.href === "/seeds" ? (
                <Count n={waiting.changesRequested} label="of your tasks sent back for changes" />
              ) : null}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto md:ml-0">
          <UserMenu email={user.email} name={user.name} roles={user.roles} />
        </div>
      </div>
    </header>
  );
}
