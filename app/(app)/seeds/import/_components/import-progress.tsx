"use client";

import { Loader2 } from "lucide-react";
import { useEffect, useState } from "react";
import { formatMegabytes } from "@/lib/seeds/import/limits";
import { type ImportJobView, type ImportPhase, PHASE_LABELS } from "@/lib/seeds/import/types";

const CHECK_STEPS: ImportPhase[] = [
  "reading",
  "parsing",
  "checking",
  "vocabulary",
  "duplicates",
  "near-duplicates",
  "phi",
];
const IMPORT_STEPS: ImportPhase[] = [
  "reading",
  "parsing",
  "checking",
  "vocabulary",
  "duplicates",
  "importing",
];
const BY_ROW = new Set<ImportPhase>([
  "checking",
  "vocabulary",
  "duplicates",
  "near-duplicates",
  "phi",
  "importing",
]);
const int = (n: number) => n.toLocaleString("en-US");

/** A job being checked or imported by a worker: its step, and how far the step is. */
export function ImportProgress({ job }: { job: ImportJobView }) {
  const importing = job.state === "COMMITTING";
  const steps = importing ? IMPORT_STEPS : CHECK_STEPS;
  const step = job.phase ? steps.indexOf(job.phase) : -1;
  const waited = useWaited(job.createdAt);
  const share = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  let what = job.state === "QUEUED" ? "Waiting for a worker" : "Starting";
  if (job.phase && BY_ROW.has(job.phase)) {
    what = `${PHASE_LABELS[job.phase]}: ${int(job.done)} of ${int(job.total)} rows`;
  } else if (job.phase) what = `${PHASE_LABELS[job.phase]}: ${Math.round(share * 100)}%`;
  const title = `${importing ? "Importing" : "Checking"} ${job.fileName} (${formatMegabytes(job.byteSize)})`;

  return (
    <div role="status" className="grid gap-2 rounded-lg border border-dashed p-4 text-sm">
      <p className="flex items-center gap-2 font-medium">
        <Loader2 aria-hidden="true" className="size-4 animate-spin" />
        {title}
      </p>
      <p>
        {step >= 0 ? `Step ${step + 1} of ${steps.length}: ` : ""}
        {what}
      </p>
      <progress
        aria-label={importing ? "Import progress" : "Checking progress"}
        className="h-2 w-full max-w-md"
        value={step >= 0 ? step + share : 0}
        max={steps.length}
      />
      <p className="text-muted-foreground text-xs">
        {importing
          ? "All rows are written at the end, together: nothing is imported until then."
          : "You can leave this page open; the preview appears here when the check is done."}
      </p>
      {job.state === "QUEUED" && waited > 60 ? (
        <p className="text-muted-foreground text-xs">
          Still waiting after a minute: large files are checked by a background worker. The app runs one
          unless started with MEDSEED_WORKER=off; then start one with <code>npm run worker</code>.
        </p>
      ) : null}
    </div>
  );
}

function useWaited(since: string): number {
  const [waited, setWaited] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setWaited(Math.round((Date.now() - new Date(since).getTime()) / 1000)), 5000);
    return () => clearInterval(t);
  }, [since]);
  return waited;
}
