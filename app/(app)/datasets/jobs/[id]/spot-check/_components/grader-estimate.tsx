import { Estimate } from "@/components/dataset/estimate";
import { ProgressBar } from "@/components/generation/job-bits";
import type { SpotCheckSummary } from "@/lib/dataset/spot-checks";
import { SPOT_GRADE_LABELS, type SpotGrade } from "@/lib/model/spot-grades";

/** Beside the record: the estimate so far (the server's, after each saved grade) and the sample's progress. */
export function GraderEstimate({
  summary,
  unsaved,
  keys,
}: {
  summary: SpotCheckSummary;
  unsaved: number;
  keys: [string, SpotGrade][];
}) {
  return (
    <aside aria-labelledby="estimate-h" className="grid content-start gap-4 rounded-lg border p-4">
      <h2 id="estimate-h" className="font-medium">
        Estimate so far
      </h2>
      <div aria-live="polite">
        <Estimate estimate={summary.overall} sampleSize={summary.sampleSize} />
      </div>
      {unsaved > 0 ? (
        <p role="status" className="text-muted-foreground text-xs">
          Saving {unsaved} grade{unsaved === 1 ? "" : "s"}…
        </p>
      ) : null}
      <ProgressBar value={summary.graded / Math.max(1, summary.sampleSize)} label="Sample graded" />
      <ul className="grid gap-1 text-sm">
        {keys.map(([, g]) => (
          <li key={g} className="flex justify-between">
            <span>{SPOT_GRADE_LABELS[g]}</span>
            <span className="tabular-nums">{summary.grades[g]}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
