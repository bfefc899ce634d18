import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { RecordStateBadge } from "@/components/dataset/state-badges";
import { PageJump, SearchCutNote } from "@/components/forms/filter-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/session";
import { listRecords, recordFilterOptions } from "@/lib/dataset/records";
import {
  RECORD_SIGNAL_LABELS,
  type RecordQuery,
  type RecordSignal,
  recordQueryParams,
  recordQuerySchema,
} from "@/lib/validation/dataset";
import { SEARCH_MAX, searchWasCut } from "@/lib/validation/text";
import { RecordFilters } from "./_components/record-filters";

export const metadata: Metadata = { title: "Generated records" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await requirePagePermission("dataset.read");
  const params = await searchParams;
  const query = recordQuerySchema.parse(params);
  const [page, options] = await Promise.all([listRecords(query), recordFilterOptions(query.job)]);
  const href = (patch: Partial<typeof query>) =>
    `/datasets/records?${recordQueryParams({ ...query, ...patch })}`;
  const back = recordQueryParams(query).toString();
  // A typed or kept page number past the last page matches records, just not on that page.
  const pastEnd = page.rows.length === 0 && page.total > 0;
  const reversed = reversedRanges(query);
  return (
    <>
      <PageHeader
        title="Generated records"
        description="Every task the generation jobs parsed: kept (as curated), excluded by reviewers, or discarded by the pipeline with its reason."
      />
      <RecordFilters query={query} options={options} />
      {searchWasCut(params.q, SEARCH_MAX) ? <SearchCutNote max={SEARCH_MAX} /> : null}
      <p className="mt-4 text-muted-foreground text-sm" aria-live="polite">
        {page.total.toLocaleString("en-US")}
        {page.totalIsLowerBound ? "+" : ""} record{page.total === 1 ? "" : "s"}
        {page.pages > 1 && !pastEnd
          ? ` · page ${page.page} of ${page.pages}${page.totalIsLowerBound ? "+" : ""}`
          : ""}
      </p>
      {pastEnd ? (
        <EmptyState
          className="mt-3"
          title={`Page ${page.page} is past the end`}
          description={`These filters match ${page.total.toLocaleString("en-US")}${page.totalIsLowerBound ? "+" : ""} records, on ${page.pages.toLocaleString("en-US")} pages.`}
          action={
            <Link href={href({ page: page.pages, after: undefined, before: undefined })}>
              Go to page {page.pages.toLocaleString("en-US")}
            </Link>
          }
        />
      ) : page.rows.length === 0 ? (
        <EmptyState
          className="mt-3"
          title="No record matches"
          description={
            reversed.length
              ? `${reversed.join(" ")} Swap the two bounds, or clear the filters.`
              : options.jobs.length
                ? "Widen the filters, or clear them to see every kept record."
                : "No generation job has produced records yet."
          }
          action={<Link href="/datasets/records">Clear the filters</Link>}
        />
      ) : (
        <div className="mt-3">
          <Table framed>
            <TableCaption placement="hidden">Generated records</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Record</TableHead>
                <TableHead>Instruction</TableHead>
                <TableHead>Tags</TableHead>
                <TableHead numeric>ROUGE-L</TableHead>
                <TableHead numeric>Rating</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className="whitespace-nowrap align-top text-xs">
                    <Link
                      // always: an empty one is the unfiltered list, which Previous and Next then follow
                      href={`/datasets/records/${r.id}?from=${encodeURIComponent(back)}`}
                      className="font-medium text-sm underline-offset-2 hover:underline"
                    >
                      {r.seq ? `#${r.jobNumber}-${r.seq}` : `#${r.jobNumber} request ${r.requestIndex}`}
                    </Link>
                    <div className="mt-1 flex flex-wrap gap-1">
                      <RecordStateBadge record={r} />
                      {r.edited ? <Badge variant="secondary">edited</Badge> : null}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-2xl align-top">
                    <p className="line-clamp-3 whitespace-pre-wrap">
                      {r.instruction || <em className="text-muted-foreground">(no instruction)</em>}
                    </p>
                    {r.input ? (
                      <p className="mt-1 line-clamp-2 text-muted-foreground text-xs">{r.input}</p>
                    ) : null}
                  </TableCell>
                  <TableCell className="align-top text-xs">
                    {[r.taskType, r.topic, r.view, r.difficulty ? `difficulty ${r.difficulty}` : ""]
                      .filter(Boolean)
                      .join(" · ")}
                  </TableCell>
                  <TableCell numeric className="align-top font-mono text-xs">
                    {r.maxRougeL?.toFixed(3) ?? "–"}
                  </TableCell>
                  <TableCell numeric className="align-top text-xs">
                    <span className="font-mono">{r.qualityScore ?? "–"}</span>
                    {r.signals.length ? (
                      <div className="mt-1 flex flex-wrap justify-end gap-1">
                        {r.signals.map((s) => (
                          <Badge key={s} variant="outline">
                            {RECORD_SIGNAL_LABELS[s as RecordSignal] ?? s}
                          </Badge>
                        ))}
                      </div>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {page.pages > 1 || page.totalIsLowerBound ? (
        <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center gap-3 text-sm">
          {page.page > 1 ? (
            <Link
              href={href({
                page: page.page - 1,
                after: undefined,
                before: page.page > 2 ? (page.prev ?? undefined) : undefined,
              })}
            >
              ← Previous
            </Link>
          ) : null}
          <span>
            Page {page.page} of {page.pages}
            {page.totalIsLowerBound ? "+" : ""}
          </span>
          {page.next ? (
            <Link href={href({ page: page.page + 1, after: page.next ?? undefined, before: undefined })}>
              Next →
            </Link>
          ) : null}
          {page.pages > 2 ? (
            <PageJump
              action="/datasets/records"
              params={recordQueryParams({ ...query, page: 1, after: undefined, before: undefined })}
              page={page.page}
              pages={page.pages}
            />
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** Ranges whose lower bound lies above the upper one (they match nothing), said as a person set them. */
function reversedRanges(q: RecordQuery): string[] {
  const out: string[] = [];
  if (q.rougeMin !== undefined && q.rougeMax !== undefined && q.rougeMin > q.rougeMax)
    out.push(`The ROUGE-L range is reversed: at least ${q.rougeMin} and at most ${q.rougeMax}.`);
  if (q.minWords !== undefined && q.maxWords !== undefined && q.minWords > q.maxWords)
    out.push(`The word range is reversed: at least ${q.minWords} and at most ${q.maxWords} words.`);
  if (q.ratingMin !== undefined && q.ratingBelow !== undefined && q.ratingMin >= q.ratingBelow)
    out.push(`The rating range is empty: at least ${q.ratingMin} and below ${q.ratingBelow}.`);
  return out;
}
