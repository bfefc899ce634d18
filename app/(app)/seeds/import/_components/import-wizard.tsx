"use client";

import { Loader2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { reach } from "@/components/forms/reach";
import type { SourceValue } from "@/components/seeds/source-fields";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import type { SourceKind } from "@/lib/model/source-kinds";
import { formatMegabytes } from "@/lib/seeds/import/limits";
import type { ImportJobState, ImportJobView, ImportStatus } from "@/lib/seeds/import/types";
import { commitImportAction, discardImportAction, importJobAction, startImportAction } from "../actions";
import { DuplicatesTables } from "./duplicates-tables";
import { FilePicker } from "./file-picker";
import { FileSource, initialFileSource } from "./file-source";
import { ImportProgress } from "./import-progress";
import { ImportResult } from "./import-result";
import { IssuesTables } from "./issues-tables";
import { PhiTable } from "./phi-table";
import { ReportSummary } from "./report-summary";
import { SampleTable } from "./sample-table";
import { StatusChoice } from "./status-choice";

type Sending = "uploading" | "importing" | null;

const POLL_MS = 1000;
const WORKING = new Set<ImportJobState>(["QUEUED", "ANALYSING", "COMMITTING"]);

function send<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  return reach(Promise.resolve().then(call)); // a call that throws at once is unreachable too
}

/**
 * Choose a file -> it is uploaded and checked (small files at once, large ones by a worker, with progress)
 * -> the preview -> "Import N tasks" -> result. The import uses the file as uploaded and checked on the server.
 */
export function ImportWizard({ canApprove }: { canApprove: boolean }) {
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<ImportStatus>("DRAFT");
  const [sending, setSending] = useState<Sending>(null);
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusePhi, setRefusePhi] = useState(false);
  const latest = useRef(0); // a newer upload makes the answers about an older one irrelevant
  const [source, setSource] = useState<SourceValue>(initialFileSource(null));
  // Each checked file starts from its own suggestion (an AlpaCare file: CC BY-NC 4.0 and the paper).
  const readyReport = job?.state === "READY" ? job.report : null;
  const readyId = readyReport ? job?.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per checked file
  useEffect(() => setSource(initialFileSource(readyReport)), [readyId]);

  // While a worker has the job, look at it every second.
  const workingId = job && WORKING.has(job.state) ? job.id : null;
  useEffect(() => {
    if (!workingId) return;
    const ticket = latest.current;
    const timer = setInterval(async () => {
      const answer = await send(() => importJobAction({ id: workingId }));
      if (ticket !== latest.current) return;
      if (answer.ok) setJob(answer.data);
      else if (answer.code === "NOT_FOUND") {
        setJob(null);
        setError(answer.message);
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [workingId]);

  function drop(old: ImportJobView | null) {
    if (old && old.state !== "COMMITTED" && old.state !== "COMMITTING") {
      void send(() => discardImportAction({ id: old.id }));
    }
  }

  async function check(f: File, s: ImportStatus) {
    const ticket = ++latest.current;
    drop(job);
    setFile(f);
    setJob(null);
    setError(null);
    setSending("uploading");
    const form = new FormData();
    form.set("file", f);
    form.set("status", s);
    const answer = await send(() => startImportAction(form));
    if (ticket !== latest.current) return; // superseded: leave the screen to the newer upload
    setSending(null);
    if (answer.ok) setJob(answer.data);
    else setError(answer.message);
  }

  async function commit() {
    if (!job) return;
    const ticket = latest.current;
    setSending("importing");
    setError(null);
    const answer = await send(() =>
      commitImportAction({
        id: job.id,
        source: { ...source, sourceKind: source.sourceKind as SourceKind },
        refusePhi,
      }),
    );
    if (ticket !== latest.current) return;
    setSending(null);
    if (answer.ok) setJob(answer.data);
    else setError(answer.message);
  }

  function reset() {
    latest.current++;
    drop(job);
    setFile(null);
    setJob(null);
    setError(null);
    setSending(null);
  }

  if (job?.state === "COMMITTED" && job.report) {
    return (
      <div className="grid gap-6">
        <ImportResult report={job.report} onAgain={reset} />
        <ReportSummary report={job.report} />
        <DuplicatesTables report={job.report} />
      </div>
    );
  }

  const preview = job?.state === "READY" ? job.report : null;
  const phiRows = preview?.counts.phi ?? 0;
  const busy = sending !== null || workingId !== null;
  const toCreate = preview?.counts.toCreate ?? 0;
  const blocked = !preview || preview.errors.length > 0 || toCreate === 0;
  const problem = error ?? (job?.state === "READY" || job?.state === "FAILED" ? job.error : null);

  return (
    <div className="grid gap-6">
      <FilePicker onFile={(f) => check(f, status)} disabled={busy} chosen={file} />
      <StatusChoice
        value={status}
        canApprove={canApprove}
        disabled={busy}
        onChange={(s) => {
          setStatus(s);
          if (file) check(file, s); // approved imports validate more strictly: check again
        }}
      />
      <div aria-live="polite" className="grid gap-2">
        {sending === "uploading" && file ? (
          <div className="flex items-center gap-2 text-sm">
            <Loader2 aria-hidden="true" className="size-4 animate-spin" />
            <span>
              Uploading and checking {file.name} ({formatMegabytes(file.size)})…
            </span>
            <progress aria-label="Uploading the file" className="h-2 w-40" />
          </div>
        ) : null}
        {job && WORKING.has(job.state) ? <ImportProgress job={job} /> : null}
        {problem ? (
          <Alert variant="destructive">
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        ) : null}
      </div>
      {preview ? (
        <>
          <ReportSummary report={preview} />
          <IssuesTables report={preview} />
          <DuplicatesTables report={preview} />
          {preview.counts.rows > 0 ? <PhiTable report={preview} /> : null}
          <SampleTable rows={preview.sample} total={preview.counts.valid} />
          <FileSource report={preview} value={source} onChange={(p) => setSource((s) => ({ ...s, ...p }))} />
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={refusePhi}
              onChange={(e) => setRefusePhi(e.target.checked)}
              disabled={busy}
            />
            <span>
              Refuse rows with any finding: the file is imported only if no row holds a possible patient
              identifier{phiRows ? ` (${phiRows} ${phiRows === 1 ? "row does" : "rows do"} now)` : ""}.{" "}
              {status === "APPROVED"
                ? "Unticked, tasks with findings are imported as approved like the rest, and an export holding them stops on them until a reviewer marks each finding not PHI or the task is changed."
                : "Unticked, tasks with findings are imported and wait for a reviewer before approval or export."}
            </span>
          </label>
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={commit} disabled={busy || blocked}>
              {sending === "importing"
                ? "Importing…"
                : `Import ${toCreate} ${toCreate === 1 ? "task" : "tasks"}`}
            </Button>
            <Button variant="outline" onClick={reset} disabled={busy}>
              Cancel
            </Button>
            {!preview.errors.length && toCreate === 0 && preview.counts.rows > 0 ? (
              <p className="text-muted-foreground text-sm">
                Nothing new to import: every row is already stored.
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
