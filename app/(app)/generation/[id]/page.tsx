import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { Estimate } from "@/components/dataset/estimate";
import { JobPhiNotice } from "@/components/phi/job-phi-notice";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { latestSpotCheck } from "@/lib/dataset/spot-checks";
import { jobPhiStatus } from "@/lib/generation/phi-trust";
import { listJobTasks, TASKS_PAGE } from "@/lib/generation/tasks";
import { getGenerationJob } from "@/lib/generation/use-cases/get-generation-job";
import { reasonLabel } from "@/lib/model/discard-reasons";
import { LiveJob } from "../_components/live-job";
import { ResumeWarningButton } from "../_components/resume-warning-button";

export const metadata: Metadata = { title: "Generation job" };

type Search = { view?: string; reason?: string; page?: string };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const user = await requirePagePermission("generation.read");
  const view = await getGenerationJob(user, { jobId: (await params).id });
  if (!view) notFound();
  const search = await searchParams;
  const kept = search.view !== "discarded";
  const reason = kept ? undefined : search.reason || undefined;
  const page = Math.max(1, Number(search.page) || 1);
  const [{ rows, total }, check, phi] = await Promise.all([
    listJobTasks(view.id, { kept, reason, page }),
    latestSpotCheck(view.id),
    jobPhiStatus(view.id),
  ]);
  const pages = Math.max(1, Math.ceil(total / TASKS_PAGE));
  const href = (patch: Search) => {
    const q = new URLSearchParams({
      view: kept ? "kept" : "discarded",
      ...(reason ? { reason } : {}),
      ...patch,
    } as Record<string, string>);
    for (const [k, v] of [...q.entries()]) if (!v) q.delete(k);
    return `/generation/${view.id}?${q}#tasks`;
  };
  return (
    <>
      <PageHeader
        title={`Generation job #${view.number}`}
        description={`From ${view.seedSource} · started by ${view.creator}`}
      />
      {phi ? (
        <JobPhiNotice
          canResolve={can(user.roles, "phi.resolve")}
          endpoint={phi.endpoint}
          trusted={phi.trusted}
          modelText={phi.modelText}
          block={phi.block}
          warnAndResume={
            can(user.roles, "generation.run") ? <ResumeWarningButton jobId={view.id} /> : undefined
          }
        />
      ) : null}
      <LiveJob initial={view} mayRun={can(user.roles, "generation.run")} />
      {view.keptCount > 0 ? (
        <section
          aria-labelledby="dataset-h"
          className="mt-6 flex flex-wrap items-center justify-between gap-4 rounded-lg border p-4"
        >
          <div className="grid gap-1">
            <h2 id="dataset-h" className="font-medium">
              Dataset
            </h2>
            {check ? (
              <Estimate estimate={check.overall} sampleSize={check.sampleSize} />
            ) : (
              <p className="text-muted-foreground text-sm">Not spot-checked yet.</p>
            )}
          </div>
          <div className="flex gap-3 text-sm">
            <Link href={`/datasets/records?job=${view.id}`}>Browse and curate</Link>
            <Link href={`/datasets/jobs/${view.id}`}>Spot check and analysis</Link>
          </div>
        </section>
      ) : null}
      <section id="tasks" aria-labelledby="tasks-h" className="mt-8 grid gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="tasks-h" className="mr-4 font-medium">
            Tasks
          </h2>
          <Link
            href={href({ view: "kept", reason: "", page: "" })}
            aria-current={kept ? "page" : undefined}
            className={`rounded-md border px-2 py-1 text-sm ${kept ? "bg-muted font-medium" : ""}`}
          >
            Kept ({view.keptCount.toLocaleString("en-US")})
          </Link>
          <Link
            href={href({ view: "discarded", reason: "", page: "" })}
            aria-current={!kept && !reason ? "page" : undefined}
            className={`rounded-md border px-2 py-1 text-sm ${!kept && !reason ? "bg-muted font-medium" : ""}`}
          >
            Discarded ({view.discardedCount.toLocaleString("en-US")})
          </Link>
          {Object.entries(view.discardCounts)
            .sort((a, b) => b[1] - a[1])
            .map(([r, n]) => (
              <Link
                key={r}
                href={href({ view: "discarded", reason: r, page: "" })}
                aria-current={reason === r ? "page" : undefined}
                className={`rounded-md border px-2 py-1 text-xs ${reason === r ? "bg-muted font-medium" : ""}`}
              >
                {reasonLabel(r)} ({n})
              </Link>
            ))}
        </div>
        {rows.length === 0 ? (
          <p className="rounded-lg border border-dashed p-6 text-center text-muted-foreground text-sm">
            {kept ? "No task kept yet: they appear here as the job admits them." : "Nothing discarded here."}
          </p>
        ) : (
          <Table framed>
            <TableCaption placement="hidden">
              {kept ? "Kept tasks, in the order kept" : "Discarded tasks, with the reason"}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>{kept ? "#" : "Reason"}</TableHead>
                <TableHead>Task</TableHead>
                <TableHead>{kept ? "Response" : "Most similar (ROUGE-L)"}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((t) => (
                <TableRow key={t.id}>
                  <TableCell className="align-top text-xs">
                    {kept ? t.seq : reasonLabel(t.reason ?? "")}
                    <div className="text-muted-foreground">request #{t.requestIndex}</div>
                  </TableCell>
                  <TableCell className="max-w-xl align-top">
                    <div className="text-muted-foreground text-xs">
                      {[t.taskType, t.topic, t.view, t.difficulty ? `difficulty ${t.difficulty}` : ""]
                        .filter(Boolean)
                        .join(" · ")}
                    </div>
                    <p className="whitespace-pre-wrap">
                      {t.instruction || <em className="text-muted-foreground">(no instruction)</em>}
                    </p>
                    {t.input ? (
                      <p className="mt-1 whitespace-pre-wrap text-muted-foreground text-xs">{t.input}</p>
                    ) : null}
                    {!kept && t.detail ? <p className="mt-1 text-xs">{t.detail}</p> : null}
                    {!kept && !t.instruction ? (
                      <details className="mt-1 text-xs">
                        <summary>As written</summary>
                        <pre className="whitespace-pre-wrap">{t.raw}</pre>
                      </details>
                    ) : null}
                  </TableCell>
                  <TableCell className="max-w-md align-top text-xs">
                    {kept ? (
                      <p className="whitespace-pre-wrap">
                        {t.output ?? (
                          <em className="text-muted-foreground">waiting for the response model…</em>
                        )}
                      </p>
                    ) : t.mostSimilarText ? (
                      <>
                        <span className="font-mono">{t.maxRougeL?.toFixed(3)}</span> {t.mostSimilarText}
                      </>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
            {page > 1 ? <Link href={href({ page: String(page - 1) })}>← Previous</Link> : null}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages ? <Link href={href({ page: String(page + 1) })}>Next →</Link> : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}
