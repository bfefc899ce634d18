import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { RecordKeys } from "@/components/dataset/record-keys";
import { RecordStateBadge } from "@/components/dataset/state-badges";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { nearestNeighbours } from "@/lib/dataset/neighbours";
import { recordQuality } from "@/lib/dataset/record-quality";
import { getRecord, recordNeighbours } from "@/lib/dataset/records";
import { recordQuerySchema } from "@/lib/validation/dataset";
import { CurationPanel } from "./_components/curation-panel";
import { QualityCard } from "./_components/quality-card";
import { RecordOrigin } from "./_components/record-origin";
import { HistoryCard, NeighboursCard } from "./_components/record-side";

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
  // Opened from the record browser: the records before and after it in that list, for Previous and Next.
  const list =
    from !== undefined ? recordQuerySchema.parse(Object.fromEntries(new URLSearchParams(from))) : null;
  const [neighbours, quality, around] = await Promise.all([
    record.kept ? nearestNeighbours(record.jobId, record.id, record.current.instruction) : [],
    record.kept ? recordQuality(record.id) : null,
    list ? recordNeighbours(list, record.id) : null,
  ]);
  const hrefOf = (id: string) =>
    `/datasets/records/${id}${from !== undefined ? `?from=${encodeURIComponent(from)}` : ""}`;
  const prevHref = around?.prev ? hrefOf(around.prev) : null;
  const nextHref = around?.next ? hrefOf(around.next) : null;
  const mayCurate = record.kept && can(user.roles, "dataset.curate");
  const title = record.seq
    ? `Record ${record.seq} of job #${record.job.number}`
    : `Discarded task of job #${record.job.number}`;
  return (
    <>
      <PageHeader
        title={title}
        description={`Job #${record.job.number} · request #${record.request.index} · block ${record.position + 1}`}
        actions={
          <nav aria-label="Records" className="flex flex-wrap items-center gap-3 text-sm">
            <Link href={`/datasets/records?${from ?? `job=${record.jobId}`}`}>← Back to the records</Link>
            {around ? (
              <>
                {prevHref ? (
                  <Link href={prevHref} rel="prev" aria-keyshortcuts="k">
                    Previous record <kbd className="text-muted-foreground text-xs">k</kbd>
                  </Link>
                ) : (
                  <span className="text-muted-foreground">First of the list</span>
                )}
                {nextHref ? (
                  <Link href={nextHref} rel="next" aria-keyshortcuts="j">
                    Next record <kbd className="text-muted-foreground text-xs">j</kbd>
                  </Link>
                ) : (
                  <span className="text-muted-foreground">Last of the list</span>
                )}
                <RecordKeys prev={prevHref} next={nextHref} />
              </>
            ) : null}
          </nav>
        }
      />
      <div className="mb-4 flex flex-wrap gap-2">
        <RecordStateBadge record={record} />
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

          <RecordOrigin record={record} />
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
          {quality ? <QualityCard quality={quality} /> : null}
          {record.kept ? <NeighboursCard neighbours={neighbours} /> : null}
          {record.edits.length ? <HistoryCard edits={record.edits} /> : null}
        </div>
      </div>
    </>
  );
}
