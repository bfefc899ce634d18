import { CircleAlertIcon, CircleCheckIcon, InfoIcon, PlusIcon, TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { CoverageGap, GapSeverity } from "@/lib/seeds/coverage-gaps";
import { cn } from "@/lib/utils/cn";

// How many gaps show before "Show N more": enough for every missing value in a young seed set, few enough
// that the list does not push the heat map off the screen.
const VISIBLE = 8;

const SEVERITY: Record<GapSeverity, { label: string; icon: typeof InfoIcon; className: string }> = {
  critical: { label: "Missing", icon: CircleAlertIcon, className: "text-destructive" },
  warning: { label: "To improve", icon: TriangleAlertIcon, className: "text-warning-foreground" },
  note: { label: "Note", icon: InfoIcon, className: "text-muted-foreground" },
};

export function GapList({ gaps, canWrite }: { gaps: CoverageGap[]; canWrite: boolean }) {
  const missing = gaps.filter((g) => g.severity === "critical").length;
  const toImprove = gaps.filter((g) => g.severity === "warning").length;
  const problems = missing + toImprove;
  const visible = Math.max(VISIBLE, missing);
  const shown = gaps.slice(0, visible);
  const rest = gaps.slice(visible);

  return (
    <Alert
      role="region"
      aria-labelledby="gaps-title"
      variant={problems ? "warning" : "default"}
      className={cn("mb-6 gap-y-2 px-5 py-4", missing > 0 && "border-destructive/50 bg-destructive/5")}
    >
      {missing ? (
        <CircleAlertIcon aria-hidden="true" className="text-destructive" />
      ) : problems ? (
        <TriangleAlertIcon aria-hidden="true" />
      ) : (
        <CircleCheckIcon aria-hidden="true" className="text-success" />
      )}
      <AlertTitle className="line-clamp-none text-base">
        <h2 id="gaps-title" className="font-semibold">
          {problems
            ? `${problems} ${problems === 1 ? "gap" : "gaps"} to fill`
            : "No gaps: every type, difficulty and point of view is covered"}
        </h2>
      </AlertTitle>
      <AlertDescription className="gap-3 text-foreground">
        {problems ? (
          <p className="text-muted-foreground">
            {[missing && `${missing} missing entirely`, toImprove && `${toImprove} thin or lopsided`]
              .filter(Boolean)
              .join(", ")}
            . Most important first.
          </p>
        ) : null}
        <GapItems gaps={shown} />
        {rest.length ? (
          <details className="w-full">
            <summary className="cursor-pointer font-medium text-muted-foreground hover:text-foreground">
              Show {rest.length} more
            </summary>
            <GapItems gaps={rest} className="mt-2" />
          </details>
        ) : null}
        {canWrite && problems ? (
          <Button asChild size="sm" className="mt-1">
            <Link href="/seeds/new">
              <PlusIcon aria-hidden="true" />
              Write a seed task
            </Link>
          </Button>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}

function GapItems({ gaps, className }: { gaps: CoverageGap[]; className?: string }) {
  return (
    <ul className={cn("grid w-full gap-1.5", className)}>
      {gaps.map((g) => {
        const s = SEVERITY[g.severity];
        const Icon = s.icon;
        return (
          <li key={g.id} className="flex items-start gap-2">
            <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", s.className)} />
            <Badge
              variant={
                g.severity === "critical" ? "destructive" : g.severity === "warning" ? "warning" : "outline"
              }
              className="mt-px w-20"
            >
              {s.label}
            </Badge>
            <span className="leading-relaxed">{g.message}</span>
          </li>
        );
      })}
    </ul>
  );
}
