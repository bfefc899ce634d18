"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { sampleSizeFor } from "@/lib/dataset/sampling";
import { startSpotCheckAction } from "../../../actions";

const MARGINS = [0.03, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

/** Draws a new random sample, sized for the margin of error chosen (the size shows before drawing). */
export function StartSpotCheck({ jobId, population }: { jobId: string; population: number }) {
  const router = useRouter();
  const [margin, setMargin] = useState(0.05);
  const start = useFormAction(startSpotCheckAction, () => {
    router.push(`/datasets/jobs/${jobId}/spot-check`);
    router.refresh();
  });
  const n = sampleSizeFor(margin, population);
  return (
    <form onSubmit={start.onSubmit} className="grid gap-2" aria-label="Start a spot check">
      <input type="hidden" name="jobId" value={jobId} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="spot-margin">Margin of error (95% interval)</Label>
          <select
            id="spot-margin"
            name="marginOfError"
            value={margin}
            onChange={(e) => setMargin(Number(e.target.value))}
            aria-describedby="spot-size"
            className="h-9 rounded-md border border-input bg-background px-2 text-sm"
          >
            {MARGINS.map((m) => (
              <option key={m} value={m}>
                ±{Math.round(m * 100)} points
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="doubleGrading" />
          Double grading (two reviewers, blind)
        </label>
        <Button type="submit" disabled={start.pending}>
          {start.pending ? "Drawing…" : `Draw ${n} records to grade`}
        </Button>
      </div>
      <p id="spot-size" className="text-muted-foreground text-xs">
        {n} of {population.toLocaleString("en-US")} records, drawn at random: the share found acceptable is
        then known to within about ±{Math.round(margin * 100)} points.
      </p>
      {start.formError ? (
        <Alert variant="destructive">
          <AlertDescription>{start.formError}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
