"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { ResumeWithBudget } from "@/components/generation/resume-with-budget";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ratingCommandAction } from "../../../rating-actions";

export type RatingJobRow = {
  id: string;
  number: number;
  state: string;
  model: string;
  rubricVersion: number;
  total: number;
  done: number;
  cached: number;
  unparsed: number;
  failed: number;
  costUsd: number;
  estimateUsd: number | null;
  budgetUsd: number | null;
  error: string | null;
  phiWarning: string | null;
};

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

/** The job's rating runs with live progress (the page refreshes itself while one is active). */
export function RatingJobs({ jobs, mayRun }: { jobs: RatingJobRow[]; mayRun: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const active = jobs.some((j) => ACTIVE.has(j.state));
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);
  const command = (jobId: string, c: "pause" | "resume" | "cancel", budgetUsd?: number) =>
    start(async () => {
      const result = await ratingCommandAction({ jobId, command: c, budgetUsd });
      setError(result.ok ? null : result.message);
      router.refresh();
    });
  if (!jobs.length) return null;
  return (
    <ul className="grid gap-3" aria-label="Rating runs">
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      {jobs.map((j) => (
        <li key={j.id} className="grid gap-1 rounded-md border p-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <strong>Rating #{j.number}</strong>
            <Badge
              variant={j.state === "COMPLETED" ? "success" : j.state === "PAUSED" ? "warning" : "outline"}
            >
              {j.state.toLowerCase()}
            </Badge>
            <span className="text-muted-foreground text-xs">
              {j.model} · rubric v{j.rubricVersion} · ${j.costUsd.toFixed(4)}
              {j.estimateUsd !== null ? ` of ~$${j.estimateUsd.toFixed(4)} estimated` : ""}
              {j.budgetUsd !== null ? ` · budget $${j.budgetUsd}` : ""}
            </span>
            {mayRun ? (
              <span className="ml-auto flex gap-2">
                {ACTIVE.has(j.state) ? (
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={pending}
                    onClick={() => command(j.id, "pause")}
                  >
                    Pause
                  </Button>
                ) : null}
                {j.state === "PAUSED" ? (
                  <ResumeWithBudget
                    budgetUsd={j.budgetUsd}
                    spentUsd={j.costUsd}
                    error={j.error}
                    disabled={pending}
                    onResume={(budgetUsd) => command(j.id, "resume", budgetUsd)}
                  />
                ) : null}
                {ACTIVE.has(j.state) || j.state === "PAUSED" ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending}
                    onClick={() => command(j.id, "cancel")}
                  >
                    Cancel
                  </Button>
                ) : null}
              </span>
            ) : null}
          </div>
          <progress
            className="h-2 w-full"
            max={Math.max(1, j.total)}
            value={j.done}
            aria-label={`Rating #${j.number} progress`}
          />
          <p className="text-muted-foreground text-xs">
            {j.done} of {j.total} rated ({j.cached} from the cache, {j.unparsed} without a readable score)
            {j.failed ? `; ${j.failed} too long for the rater, left unrated` : ""}
          </p>
          {j.error ? <p className="text-warning-foreground text-xs">{j.error}</p> : null}
          {j.phiWarning ? <p className="text-muted-foreground text-xs">{j.phiWarning}</p> : null}
        </li>
      ))}
    </ul>
  );
}
