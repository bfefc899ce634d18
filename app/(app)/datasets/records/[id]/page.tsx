import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { nearestNeighbours } from "@/lib/dataset/neighbours";
import { getRecord } from "@/lib/dataset/records";
import { reasonLabel } from "@/lib/generation/progress";
import { CurationPanel } from "./_components/curation-panel";

export const metadata: Metadata = { title: "Generated record" };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1">
      <h3 className="font-medium text-muted-foreground text-xs uppercase tracking-wide">{label}</h3>
      <div className="whitespace-pre-wrap text-sm">{children}</div>
    </div>
  );
}

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string | string[] }>;
}) {
  const user = await requirePagePermission("dataset.read");
  const record = await getRecord((await params).id);
  if (!record) notFound();
  const fromParam = (await searchParams).from;
  const from = Array.isArray(fromParam) ? fromParam[0] : fromParam;
  const neighbours = record.kept
    ? await nearestNeighbours(record.jobId, record.id, record.current.instruction)
    : [];
  const mayCurate = record.kept && can(user.roles, "dataset.curate");
  const title = record.seq
    ? `Record #${record.job.number}-${record.seq}`
    : `Discarded task of job #${record.job.number}`;
  return (
    <>
      <PageHeader
        title={title}
        description={`Job #${record.job.number} · request #${record.request.index} · block ${record.position + 1}`}
        actions={
          <Link href={`/datasets/records?${from ?? `job=${record.jobId}`}`} className="text-sm">
            ← Back to the records
          </Link>
        }
      />
      <div className="mb-4 flex flex-wrap gap-2">
        {record.kept ? (
          <Badge variant="success">kept</Badge>
        ) : (
          <Badge variant="outline">{reasonLabel(record.reason ?? "")}</Badge>
        )}
        {record.excluded ? <Badge variant="destructive">excluded: {record.excludedReason}</Badge> : null}
        {record.edited ? <Badge variant="secondary">edited</Badge> : null}
        {[
          record.taskType,
          record.topic,
          record.view,
          record.difficulty ? `difficulty ${record.difficulty}` : "",
        ]
          .filter(Boolean)
          .map((t) => (
            <Badge key={t} variant="outline">
              {t}
            </Badge>
          ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>{record.edited ? "Text (as edited)" : "Text"}</h2>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <Field label="Instruction">{record.current.instruction || "(none)"}</Field>
              <Field label="Input">
                {record.current.input || <span className="text-muted-foreground">(no input)</span>}
              </Field>
              <Field label="Response">
                {record.current.output ?? <span className="text-muted-foreground">(no response)</span>}
              </Field>
              {!record.kept && record.detail ? (
                <Field label="Why it was discarded">{record.detail}</Field>
              ) : null}
              {record.mostSimilarText ? (
                <Field label={`Most similar at admission (ROUGE-L ${record.maxRougeL?.toFixed(3)})`}>
                  {record.mostSimilarText}
                </Field>
              ) : null}
              {record.edited ? (
                <details className="rounded-md border p-3">
                  <summary className="cursor-pointer text-sm">Original, as generated</summary>
                  <div className="mt-3 grid gap-3">
                    <Field label="Instruction">{record.original.instruction}</Field>
                    <Field label="Input">{record.original.input || "(no input)"}</Field>
                    <Field label="Response">{record.original.output ?? "(no response)"}</Field>
                  </div>
                </details>
              ) : null}
            </CardContent>
          </Card>

          <Card role="region" aria-labelledby="seeds-h">
            <CardHeader>
              <CardTitle>
                <h2 id="seeds-h">The seeds it came from</h2>
              </CardTitle>
            </CardHeader>
            <CardContent>
              <ol className="grid gap-3">
                {record.shownSeeds.map((s, i) => (
                  <li key={s.id} className="rounded-md border p-3 text-sm">
                    <div className="text-muted-foreground text-xs">
                      Example {i + 1} ·{" "}
                      {[s.taskType, s.topic, s.view, `difficulty ${s.difficulty}`].join(" · ")}
                    </div>
                    <p className="mt-1 whitespace-pre-wrap">{s.instruction}</p>
                    {s.input ? <p className="mt-1 text-muted-foreground text-xs">{s.input}</p> : null}
                    {s.inApp ? (
                      <Link href={`/seeds/${s.id}`} className="mt-1 inline-block text-xs">
                        Open seed task
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ol>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Provenance</h2>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-3 text-sm">
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="text-muted-foreground">Job</dt>
                <dd>
                  <Link href={`/datasets/jobs/${record.jobId}`}>Job #{record.job.number}</Link> from{" "}
                  {record.job.seedSource}
                </dd>
                <dt className="text-muted-foreground">Request</dt>
                <dd>
                  #{record.request.index} to {record.request.model ?? "the task model"} (finish:{" "}
                  {record.request.finishReason ?? "?"})
                </dd>
                <dt className="text-muted-foreground">Prompt versions</dt>
                <dd>
                  task v{record.job.taskPromptVersion} · response v{record.job.responsePromptVersion}
                </dd>
                <dt className="text-muted-foreground">Response model</dt>
                <dd>{record.responseModel ?? "–"}</dd>
              </dl>
              <details className="rounded-md border p-3">
                <summary className="cursor-pointer">The block as the model wrote it</summary>
                <pre className="mt-2 whitespace-pre-wrap text-xs">{record.raw}</pre>
              </details>
              <details className="rounded-md border p-3">
                <summary className="cursor-pointer">
                  The whole completion of request #{record.request.index}
                </summary>
                <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap text-xs">
                  {record.request.completion}
                </pre>
              </details>
            </CardContent>
          </Card>
        </div>

        <div className="grid content-start gap-6">
          {mayCurate ? (
            <Card role="region" aria-labelledby="curate-h">
              <CardHeader>
                <CardTitle>
                  <h2 id="curate-h">Curate</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                <CurationPanel
                  taskId={record.id}
                  version={record.curationVersion}
                  excluded={record.excluded}
                  text={{ ...record.current, output: record.current.output ?? "" }}
                />
              </CardContent>
            </Card>
          ) : null}
          {record.kept ? (
            <Card role="region" aria-labelledby="neighbours-h">
              <CardHeader>
                <CardTitle>
                  <h2 id="neighbours-h">Nearest neighbours (ROUGE-L)</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                {neighbours.length ? (
                  <ol className="grid gap-2 text-sm">
                    {neighbours.map((n) => (
                      <li key={`${n.kind}:${n.id}`} className="grid grid-cols-[3.5rem_1fr] gap-2">
                        <span className="font-mono text-xs">{n.score.toFixed(3)}</span>
                        <span>
                          {n.kind === "record" ? (
                            <Link href={`/datasets/records/${n.id}`}>{n.instruction}</Link>
                          ) : (
                            <>
                              <Badge variant="outline" className="mr-1">
                                seed
                              </Badge>
                              {n.instruction}
                            </>
                          )}
                        </span>
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p className="text-muted-foreground text-sm">
                    No other record shares a word with this instruction.
                  </p>
                )}
              </CardContent>
            </Card>
          ) : null}
          {record.edits.length ? (
            <Card role="region" aria-labelledby="history-h">
              <CardHeader>
                <CardTitle>
                  <h2 id="history-h">History</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                <ol className="grid gap-2 text-sm">
                  {record.edits.map((e) => (
                    <li key={e.version}>
                      <span className="font-medium">
                        {e.change === "edit"
                          ? "Edited"
                          : e.change === "exclude"
                            ? "Excluded"
                            : "Included again"}
                      </span>{" "}
                      by {e.by}, <LocalTime iso={e.at.toISOString()} />
                      {e.reason ? <div className="text-muted-foreground text-xs">{e.reason}</div> : null}
                    </li>
                  ))}
                </ol>
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
