import { Badge, type BadgeProps } from "@/components/ui/badge";
import { JOB_STATE_LABELS, type JobState } from "@/lib/model/job-states";

// Small pieces shared by the generation pages (server and client).

const STATE_VARIANT = {
  QUEUED: "secondary",
  RUNNING: "default",
  PAUSED: "warning",
  COMPLETED: "success",
  FAILED: "destructive",
  CANCELLED: "outline",
} as const satisfies Record<JobState, BadgeProps["variant"]>;

export function JobStateBadge({ state }: { state: JobState }) {
  return <Badge variant={STATE_VARIANT[state]}>{JOB_STATE_LABELS[state]}</Badge>;
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className="h-2 w-full overflow-hidden rounded-full bg-muted"
    >
      <div className="h-full bg-primary transition-[width]" style={{ width: `${pct}%` }} />
    </div>
  );
}

export { usd } from "@/lib/utils/money";
export const int = (n: number) => n.toLocaleString("en-US");

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${seconds % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
