import Link from "next/link";
import { COVERAGE_SCOPE_LABELS, COVERAGE_SCOPES, type CoverageScope } from "@/lib/seeds/coverage";
import { cn } from "@/lib/utils/cn";

/** Which tasks the dashboard counts, kept in the URL (`?scope=`) so a view can be shared. */
export function ScopeSwitch({ scope }: { scope: CoverageScope }) {
  return (
    <nav aria-label="Which seed tasks to count">
      <ul className="inline-flex h-9 items-center rounded-lg bg-muted p-[3px] text-sm">
        {COVERAGE_SCOPES.map((s) => (
          <li key={s} className="h-full">
            <Link
              href={s === "all" ? "/seeds/coverage" : `/seeds/coverage?scope=${s}`}
              aria-current={s === scope ? "page" : undefined}
              className={cn(
                "inline-flex h-full items-center rounded-md px-3 font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background",
                s === scope && "bg-background text-foreground shadow-sm",
              )}
            >
              {COVERAGE_SCOPE_LABELS[s]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
