import type { Estimate as Est } from "@/lib/dataset/sampling";

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

type Props = {
  estimate: Pick<Est, "n" | "share" | "low" | "high">;
  sampleSize?: number;
  compact?: boolean;
  label?: string;
};

/** A share with its 95% interval, in words and as a bar (the interval shaded, the estimate marked). */
export function Estimate({ estimate: e, sampleSize, compact = false, label = "acceptable" }: Props) {
  if (e.share === null)
    return (
      <span className="text-muted-foreground text-xs" data-testid="estimate">
        nothing graded yet{sampleSize ? ` (sample of ${sampleSize})` : ""}
      </span>
    );
  const words = `${pct(e.share)} ${label} (95% CI ${pct(e.low)}–${pct(e.high)}, ${e.n}${sampleSize ? ` of ${sampleSize}` : ""} graded)`;
  return (
    <div className={compact ? "grid gap-1" : "grid gap-2"}>
      <span className={compact ? "text-xs" : "text-sm"} data-testid="estimate">
        {compact ? (
          words
        ) : (
          <>
            <strong className="text-lg tabular-nums">{pct(e.share)}</strong> {label}{" "}
            <span className="text-muted-foreground">
              (95% CI {pct(e.low)}–{pct(e.high)}, {e.n}
              {sampleSize ? ` of ${sampleSize}` : ""} graded)
            </span>
          </>
        )}
      </span>
      <div
        role="img"
        aria-label={words}
        className={`relative w-full overflow-hidden rounded-full bg-muted ${compact ? "h-1.5 max-w-40" : "h-2.5 max-w-md"}`}
      >
        <div
          className="absolute inset-y-0 bg-primary/30"
          style={{ left: `${(e.low ?? 0) * 100}%`, width: `${((e.high ?? 0) - (e.low ?? 0)) * 100}%` }}
        />
        <div
          className="absolute inset-y-0 w-0.5 bg-primary"
          style={{ left: `calc(${e.share * 100}% - 1px)` }}
        />
      </div>
    </div>
  );
}
