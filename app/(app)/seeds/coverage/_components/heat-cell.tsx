import Link from "next/link";
import { cn } from "@/lib/utils/cn";

type CellProps = { count: number; label: string; href: string; intensity?: number; strong?: boolean };

export function HeatCell({ count, label, href, intensity, strong }: CellProps) {
  const box = "flex h-10 min-w-14 items-center justify-center rounded-md text-sm tabular-nums";
  if (count === 0) {
    return (
      <span
        className={cn(box, "border-2 border-destructive/70 border-dashed font-semibold text-destructive")}
        title={`No tasks: ${label}`}
      >
        0<span className="sr-only"> (none)</span>
      </span>
    );
  }
  // Totals are plain; matrix cells go from a light tint (one task) to full primary (the fullest cell).
  const pct = intensity === undefined ? 0 : Math.round(15 + 85 * intensity);
  return (
    <Link
      href={href}
      aria-label={`${count} ${count === 1 ? "task" : "tasks"}: ${label}`}
      className={cn(
        box,
        "outline-none ring-ring transition-shadow hover:ring-2 focus-visible:ring-2",
        intensity === undefined && "bg-muted",
        strong && "font-semibold",
        pct > 55 && "text-primary-foreground",
      )}
      style={
        intensity === undefined
          ? undefined
          : { backgroundColor: `color-mix(in oklch, var(--primary) ${pct}%, transparent)` }
      }
    >
      {count}
    </Link>
  );
}

export function HeatLegend() {
  return (
    <div className="mt-3 flex flex-wrap items-center gap-x-6 gap-y-2 text-muted-foreground text-xs">
      <span className="flex items-center gap-2" aria-hidden="true">
        Fewer
        <span className="flex">
          {[15, 36, 58, 79, 100].map((p) => (
            <span
              key={p}
              className="size-4 first:rounded-l last:rounded-r"
              style={{ backgroundColor: `color-mix(in oklch, var(--primary) ${p}%, transparent)` }}
            />
          ))}
        </span>
        More
      </span>
      <span className="flex items-center gap-2">
        <span
          aria-hidden="true"
          className="flex size-5 items-center justify-center rounded border-2 border-destructive/70 border-dashed font-semibold text-[10px] text-destructive"
        >
          0
        </span>
        No task yet: a gap to fill
      </span>
    </div>
  );
}
