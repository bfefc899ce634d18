"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { ProgressBar } from "@/components/generation/job-bits";
import { ResumeWithBudget } from "@/components/generation/resume-with-budget";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { cancelEvalRunAction, pauseEvalRunAction, resumeEvalRunAction } from "../actions";

const POLL_MS = 1500;
const LIVE = new Set(["QUEUED", "RUNNING"]);

/** Live progress (the server-rendered page refreshed while the run is live) and the run's controls. */
export function RunLive({
  runId,
  state,
  done,
  total,
  mayRun,
  budgetUsd,
  costUsd,
  error: pauseError,
  notice,
  noticeAt,
}: {
  runId: string;
  state: string;
  done: number;
  total: number;
  mayRun: boolean;
  budgetUsd: number | null;
  costUsd: number;
  /** why it is paused or failed (the run's error) */
  error: string | null;
  /** while it runs: the latest call failing and being retried */
  notice: string | null;
  noticeAt: string | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!LIVE.has(state)) return;
    const t = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [state, router]);

  const act = (action: typeof pauseEvalRunAction) =>
    start(async () => {
      const r = await action({ run: runId });
      if (!r.ok) setError(r.message);
      router.refresh();
    });

  return (
    <div className="grid gap-2">
      <div className="flex items-center gap-3">
        <ProgressBar value={total ? done / total : 0} label="Verdicts made" />
        <span className="whitespace-nowrap text-sm tabular-nums" role="status">
          {done} / {total} verdicts
        </span>
      </div>
      {notice ? (
        <Alert variant="warning" data-testid="run-notice">
          <AlertDescription>
            {notice}
            {noticeAt ? (
              <span className="text-muted-foreground">
                {" "}
                (at <LocalTime iso={noticeAt} timeOnly />)
              </span>
            ) : null}{" "}
            The run goes on by itself once calls are answered. If the URL itself is wrong, cancel this run and
            start a new one with the right URL (from the run's page, with these settings filled in).
          </AlertDescription>
        </Alert>
      ) : null}
      {mayRun ? (
        <div className="flex gap-2">
          {LIVE.has(state) ? (
            <Button variant="outline" disabled={pending} onClick={() => act(pauseEvalRunAction)}>
              Pause
            </Button>
          ) : null}
          {state === "PAUSED" || state === "FAILED" ? (
            <ResumeWithBudget
              size="default"
              budgetUsd={budgetUsd}
              spentUsd={costUsd}
              error={pauseError}
              disabled={pending}
              onResume={(budget) => act((input) => resumeEvalRunAction({ ...input, budgetUsd: budget }))}
            />
          ) : null}
          {LIVE.has(state) || state === "PAUSED" || state === "FAILED" ? (
            <ConfirmDialog
              trigger={
                <Button variant="destructive" disabled={pending}>
                  Cancel run
                </Button>
              }
              title="Cancel this run?"
              description={`A cancelled run cannot be resumed: it keeps the ${done} of ${total} verdicts made so far (a partial result), and a new run of the same comparison reuses every call already paid for. Pause it instead to go on later.`}
              confirmLabel="Cancel the run"
              pending={pending}
              onConfirm={async () => {
                act(cancelEvalRunAction);
                return true;
              }}
            />
          ) : null}
        </div>
      ) : null}
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
