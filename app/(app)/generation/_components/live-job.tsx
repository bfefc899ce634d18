"use client";

import Link from "next/link";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { reach } from "@/components/forms/reach";
import { duration, int, JobStateBadge, ProgressBar, usd } from "@/components/generation/job-bits";
import { ResumeWithBudget } from "@/components/generation/resume-with-budget";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { callsLine, isLive } from "@/lib/generation/job-states";
import type { JobView } from "@/lib/generation/progress";
import { reasonLabel } from "@/lib/model/discard-reasons";
import { cancelJobAction, pauseJobAction, resumeJobAction } from "../actions";

const POLL_MS = 1500;

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="rounded-lg border p-3">
      <div className="text-muted-foreground text-xs">{label}</div>
      <div className="font-semibold text-lg tabular-nums">{value}</div>
      {sub ? <div className="text-muted-foreground text-xs">{sub}</div> : null}
    </div>
  );
}

async function fetchJob(id: string): Promise<JobView | null> {
  const res = await fetch(`/api/v1/generation/jobs/${id}`, { cache: "no-store" }).catch(() => null);
  if (!res?.ok) return null;
  return ((await res.json().catch(() => null)) as { data: JobView } | null)?.data ?? null;
}

/** The job's live state: polled while it runs (and while paused calls finish), with its controls. */
export function LiveJob({ initial, mayRun }: { initial: JobView; mayRun: boolean }) {
  const router = useRouter();
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<string>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [pending, start] = useTransition();
  const lastState = useRef(initial.state);
  const lastCounts = useRef(`${initial.keptCount}/${initial.discardedCount}`);

  const busy = isLive(job.state) || job.requests.inFlight + job.responses.inFlight > 0;
  useEffect(() => {
    if (!busy) return;
    let stopped = false;
    const t = setInterval(async () => {
      const next = await fetchJob(initial.id);
      if (!next || stopped) return;
      setJob(next);
      // New kept or discarded tasks and a final state show in the server-rendered list and its tabs too.
      const counts = `${next.keptCount}/${next.discardedCount}`;
      if (next.state !== lastState.current || counts !== lastCounts.current) router.refresh();
      lastState.current = next.state;
      lastCounts.current = counts;
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [busy, initial.id, router]);

  const act = (action: typeof pauseJobAction, optimistic: JobView["state"]) =>
    start(async () => {
      setError(undefined);
      const r = await reach(action({ jobId: job.id }));
      if (!r.ok) return setError(r.message);
      // The job as it now is, not only its new state: a paused job's calls in flight finish, and polling goes
      // on while they do. (With the state alone, polling stopped at once and the counters and the log stayed
      // as they were before the pause.)
      const fresh = await fetchJob(job.id);
      if (fresh) lastState.current = fresh.state;
      setJob(fresh ?? ((j) => ({ ...j, state: optimistic, error: null })));
      setConfirmCancel(false);
      router.refresh();
    });

  const s = job.settings;
  const reasons = Object.entries(job.discardCounts).sort((a, b) => b[1] - a[1]);
  const maxReason = Math.max(1, ...reasons.map(([, n]) => n));
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <JobStateBadge state={job.state} />
        <div className="min-w-64 flex-1">
          <ProgressBar value={job.progress} label="Job progress" />
        </div>
        <span className="text-sm tabular-nums">{Math.round(job.progress * 100)}%</span>
        {job.etaSeconds !== null ? (
          <span className="text-muted-foreground text-sm">about {duration(job.etaSeconds)} left</span>
        ) : null}
        {mayRun ? (
          <div className="flex gap-2">
            {isLive(job.state) ? (
              <Button
                variant="outline"
                size="sm"
                disabled={pending}
                onClick={() => act(pauseJobAction, "PAUSED")}
              >
                Pause
              </Button>
            ) : null}
            {job.state === "PAUSED" ? (
              <ResumeWithBudget
                budgetUsd={s.budgetUsd ?? null}
                spentUsd={job.costUsd}
                error={job.error}
                disabled={pending}
                onResume={(budgetUsd) => act((input) => resumeJobAction({ ...input, budgetUsd }), "RUNNING")}
              />
            ) : null}
            {["QUEUED", "RUNNING", "PAUSED"].includes(job.state) ? (
              confirmCancel ? (
                <>
                  <Button
                    variant="destructive"
                    size="sm"
                    disabled={pending}
                    onClick={() => act(cancelJobAction, "CANCELLED")}
                  >
                    Yes, cancel the job
                  </Button>
                  <Button variant="ghost" size="sm" onClick={() => setConfirmCancel(false)}>
                    Keep it
                  </Button>
                </>
              ) : (
                <Button variant="ghost" size="sm" onClick={() => setConfirmCancel(true)}>
                  Cancel…
                </Button>
              )
            ) : null}
            {/* A job's settings are frozen (a wrong base URL or model cannot be resumed away): start anew from them. */}
            <Button asChild variant="ghost" size="sm">
              <Link href={`/generation/new?from=${job.id}`}>New job with these settings</Link>
            </Button>
          </div>
        ) : null}
      </div>

      {job.state === "QUEUED" && Date.now() - new Date(job.createdAt).getTime() > 20_000 ? (
        <Alert>
          <AlertDescription>
            Waiting for a worker. The app runs one itself unless started with MEDSEED_WORKER=off; then start
            one with <code>npm run worker</code>.
          </AlertDescription>
        </Alert>
      ) : null}
      {job.error ? (
        <Alert variant={job.state === "PAUSED" || job.state === "FAILED" ? "destructive" : "default"}>
          <AlertDescription>
            <strong>{job.state === "PAUSED" ? "Paused: " : ""}</strong>
            {job.error}
          </AlertDescription>
        </Alert>
      ) : null}
      {error ? (
        <Alert variant="destructive">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Tasks kept"
          value={`${int(job.keptCount)} / ${int(job.target)}`}
          sub={`${int(job.responsesDone)} with a response`}
        />
        <Stat label="Task requests" value={`${int(job.requests.ok)} ok`} sub={callsLine(job)} />
        <Stat
          // Every task the answers held, as the record browser counts them: kept and discarded (a task cut off
          // by the token limit is discarded without being parsed, so "parsed" and "discarded" did not add up).
          label="Tasks in the answers"
          value={int(job.keptCount + job.discardedCount)}
          sub={`${int(job.keptCount)} kept · ${int(job.discardedCount)} discarded`}
        />
        <Stat
          label={isLive(job.state) ? "Cost so far" : "Cost"}
          value={usd(job.costUsd)}
          sub={`${int(job.promptTokens)} prompt + ${int(job.completionTokens)} completion tokens${s.budgetUsd ? ` · budget ${usd(s.budgetUsd)}` : ""}${
            // Tokens at no cost: the model has no price (a local model, or one the table does not know).
            job.costUsd === 0 && Number(job.promptTokens) + Number(job.completionTokens) > 0
              ? " · no price for this model in Generation > Settings: counted as free"
              : ""
          }`}
        />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="discard-h" className="rounded-lg border p-3">
          <h2 id="discard-h" className="mb-2 font-medium text-sm">
            Discarded, by reason
          </h2>
          {reasons.length === 0 ? (
            <p className="text-muted-foreground text-sm">Nothing discarded yet.</p>
          ) : (
            <ul className="grid gap-1 text-xs">
              {reasons.map(([r, n]) => (
                <li key={r} className="grid grid-cols-[12rem_1fr_3rem] items-center gap-2">
                  <span className="truncate" title={r}>
                    {reasonLabel(r)}
                  </span>
                  <span
                    className="h-2 rounded bg-primary/70"
                    style={{ width: `${(100 * n) / maxReason}%` }}
                  />
                  <span className="text-right tabular-nums">{int(n)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="latest-h" className="rounded-lg border p-3">
          <h2 id="latest-h" className="mb-2 font-medium text-sm">
            Latest kept tasks
          </h2>
          {job.latestKept.length === 0 ? (
            <p className="text-muted-foreground text-sm">None yet.</p>
          ) : (
            <ol className="grid gap-2 text-xs">
              {job.latestKept.map((t) => (
                <li key={t.seq}>
                  <span className="text-muted-foreground">
                    #{t.seq} {t.taskType}:
                  </span>{" "}
                  {t.instruction}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <div className="flex flex-wrap gap-2 text-sm">
        {job.responsesDone > 0 ? (
          <>
            <Button asChild variant="outline" size="sm">
              <a href={`/api/v1/generation/jobs/${job.id}/dataset?format=alpaca`}>
                Download as generated (Alpaca JSON)
              </a>
            </Button>
            <Button asChild variant="outline" size="sm">
              <a href={`/api/v1/generation/jobs/${job.id}/dataset?format=jsonl`}>
                Download as generated (JSONL with provenance)
              </a>
            </Button>
            <p className="w-full text-muted-foreground text-xs" data-testid="download-note">
              The job's output before curation
              {job.excludedCount > 0
                ? `: it includes the ${job.excludedCount} record${job.excludedCount === 1 ? "" : "s"} reviewers excluded (marked in the JSONL)`
                : ""}
              . The curated dataset is a release:{" "}
              <Link href={`/datasets/publish?job=${job.id}`} className="underline">
                publish one
              </Link>
              .
            </p>
          </>
        ) : null}
        <span className="self-center text-muted-foreground text-xs">
          {s.taskModel} → {s.responseModel} · {s.provider.kind}
          {s.provider.baseUrl ? ` (${s.provider.baseUrl})` : ""} · {s.perRequest} per request · ROUGE-L ≤{" "}
          {s.threshold} · concurrency {s.concurrency} · seed {s.rngSeed} · prompts v{job.taskPromptVersion}/v
          {job.responsePromptVersion}
        </span>
      </div>

      <details className="rounded-lg border p-3" open={job.events.some((e) => e.level === "error")}>
        <summary className="cursor-pointer font-medium text-sm">
          {/* "Log (50)" read as the whole log when it was its newest 50 */}
          {job.eventCount > job.events.length
            ? `Log (the newest ${int(job.events.length)} of ${int(job.eventCount)} entries)`
            : `Log (${int(job.events.length)})`}
        </summary>
        {job.events.length === 0 ? (
          <p className="mt-2 text-muted-foreground text-sm">Nothing to report.</p>
        ) : (
          <ol className="mt-2 grid max-h-72 gap-1 overflow-auto font-mono text-xs">
            {job.events.map((e) => (
              <li
                key={e.id}
                className={
                  e.level === "error"
                    ? "text-destructive"
                    : e.level === "warn"
                      ? "text-warning-foreground"
                      : ""
                }
              >
                <LocalTime iso={e.at} timeOnly /> {e.message}
              </li>
            ))}
          </ol>
        )}
      </details>
    </div>
  );
}
