"use client";

import { Loader2 } from "lucide-react";
import { useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import { formatMegabytes } from "@/lib/seeds/import/limits";
import type { ImportReport, ImportStatus } from "@/lib/seeds/import/types";
import { commitImportAction, previewImportAction } from "../actions";
import { DuplicatesTables } from "./duplicates-tables";
import { FilePicker } from "./file-picker";
import { ImportResult } from "./import-result";
import { IssuesTables } from "./issues-tables";
import { ReportSummary } from "./report-summary";
import { SampleTable } from "./sample-table";
import { StatusChoice } from "./status-choice";

type Phase = "idle" | "checking" | "importing";
type Action = (form: FormData) => Promise<ActionResult<ImportReport>>;

const OFFLINE = "Could not reach MedSeed. Check your connection and try again.";

/** Choose a file -> server preview -> "Import N tasks" -> result. The server re-checks the file on import. */
export function ImportWizard({ canApprove }: { canApprove: boolean }) {
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<ImportStatus>("DRAFT");
  const [phase, setPhase] = useState<Phase>("idle");
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0); // a newer request makes the answer of an older one irrelevant

  async function send(action: Action, f: File, s: ImportStatus, next: Phase) {
    const ticket = ++latest.current;
    const form = new FormData();
    form.set("file", f);
    form.set("status", s);
    setPhase(next);
    setError(null);
    let answer: ActionResult<ImportReport>;
    try {
      answer = await action(form);
    } catch {
      answer = { ok: false, code: "INTERNAL", message: OFFLINE };
    }
    if (ticket !== latest.current) return undefined; // superseded: leave the screen to the newer request
    setPhase("idle");
    if (!answer.ok) {
      setError(answer.message);
      return null;
    }
    return answer.data;
  }

  async function check(f: File, s: ImportStatus) {
    setFile(f);
    setResult(null);
    setPreview(null);
    const report = await send(previewImportAction, f, s, "checking");
    if (report !== undefined) setPreview(report);
  }

  async function commit() {
    if (!file) return;
    const done = await send(commitImportAction, file, status, "importing");
    if (done) {
      setResult(done);
      setPreview(null);
    }
  }

  function reset() {
    latest.current++;
    setFile(null);
    setPreview(null);
    setResult(null);
    setError(null);
    setPhase("idle");
  }

  const busy = phase !== "idle";
  const toCreate = preview?.counts.toCreate ?? 0;
  const blocked = !preview || preview.errors.length > 0 || toCreate === 0;

  if (result) {
    return (
      <div className="grid gap-6">
        <ImportResult report={result} onAgain={reset} />
        <ReportSummary report={result} />
        <DuplicatesTables report={result} />
      </div>
    );
  }

  return (
    <div className="grid gap-6">
      <FilePicker onFile={(f) => check(f, status)} disabled={busy} />
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
        {busy && file ? (
          <div className="flex items-center gap-2 text-sm">
            <Loader2 aria-hidden="true" className="size-4 animate-spin" />
            <span>
              {phase === "checking" ? "Uploading and checking" : "Importing"} {file.name} (
              {formatMegabytes(file.size)})…
            </span>
            <progress
              aria-label={phase === "checking" ? "Checking the file" : "Importing"}
              className="h-2 w-40"
            />
          </div>
        ) : null}
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        ) : null}
      </div>
      {preview ? (
        <>
          <ReportSummary report={preview} />
          <IssuesTables report={preview} />
          <DuplicatesTables report={preview} />
          <SampleTable rows={preview.sample} total={preview.counts.valid} />
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={commit} disabled={busy || blocked}>
              {phase === "importing"
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
