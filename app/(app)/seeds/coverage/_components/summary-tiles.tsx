import { TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { SEED_STATUS_LABELS, type SeedStatusName } from "@/lib/model/seed-status";
import type { CoverageCounts } from "@/lib/seeds/coverage";
import { cn } from "@/lib/utils/cn";
import { listHref } from "./list-href";

type Tile = { label: string; value: number; hint: ReactNode; href?: string; warn?: boolean };

export function SummaryTiles({ counts, statuses }: { counts: CoverageCounts; statuses: SeedStatusName[] }) {
  const typesCovered = counts.types.filter((t) => t.canonical && t.total > 0).length;
  const canonical = counts.types.filter((t) => t.canonical).length;
  const tiles: Tile[] = [
    {
      label: "Seed tasks",
      value: counts.total,
      hint: counts.scope === "approved" ? "approved" : "in use (not rejected or archived)",
      href: listHref(statuses),
    },
    {
      label: SEED_STATUS_LABELS.APPROVED,
      value: counts.approved,
      hint: counts.total ? `${Math.round((counts.approved * 100) / counts.total)}% of these` : "none yet",
      href: listHref(["APPROVED"]),
    },
    {
      label: "Untagged",
      value: counts.untagged.any,
      hint: "missing a topic, view, type or difficulty",
      warn: counts.untagged.any > 0,
    },
    {
      label: "Task types",
      value: typesCovered,
      hint: `of the ${canonical} canonical types used`,
      warn: typesCovered < canonical,
    },
    { label: "Topics", value: counts.topics.length, hint: "distinct topics" },
    { label: "Views", value: counts.views.length, hint: "distinct points of view" },
  ];
  return (
    <ul aria-label="Summary" className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {tiles.map((t) => (
        <li key={t.label}>
          <Card className={cn("h-full gap-1 px-4 py-4", t.warn && "border-warning/60 bg-warning/5")}>
            <p className="flex items-center gap-1.5 font-medium text-muted-foreground text-xs uppercase tracking-wide">
              {t.label}
              {t.warn ? (
                <TriangleAlertIcon
                  className="size-3.5 text-warning-foreground"
                  aria-label="needs attention"
                />
              ) : null}
            </p>
            <p className="font-semibold text-3xl tabular-nums">
              {t.href && t.value > 0 ? (
                <Link
                  href={t.href}
                  className="underline-offset-4 hover:underline"
                  aria-label={`${t.value} ${t.label.toLowerCase()}: see them in the seed list`}
                >
                  {t.value}
                </Link>
              ) : (
                t.value
              )}
            </p>
            <p className="text-muted-foreground text-xs">{t.hint}</p>
          </Card>
        </li>
      ))}
    </ul>
  );
}
