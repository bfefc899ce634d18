import Link from "next/link";
import type { ReactNode } from "react";

/** One number with its label; a link to the list behind it when there is one. */
export function StatTile({
  label,
  value,
  href,
  hint,
}: {
  label: string;
  value: ReactNode;
  href?: string;
  hint?: string;
}) {
  const body = (
    <>
      <div className="font-semibold text-2xl tabular-nums">{value}</div>
      <div className="text-sm">{label}</div>
      {hint ? <div className="text-muted-foreground text-xs">{hint}</div> : null}
    </>
  );
  const box = "grid h-full gap-0.5 rounded-xl border bg-card p-4 shadow-sm";
  return href ? (
    <Link
      href={href}
      className={`${box} transition-colors hover:bg-accent/40 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring`}
    >
      {body}
    </Link>
  ) : (
    <div className={box}>{body}</div>
  );
}

/** "45 min", "3 h 20 min", "2 d 4 h"; "—" without data. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export const formatRate = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)}%`);
