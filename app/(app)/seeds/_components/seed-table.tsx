import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import type { SeedListPage } from "@/lib/seeds/list";
import { cn } from "@/lib/utils/cn";
import { type SeedListQuery, seedListParams } from "@/lib/validation/seed-list";
import { BulkActionsProvider, type BulkItem, SelectAllHeadCell, SelectRowCell } from "./bulk-actions";

const href = (q: SeedListQuery, change: Partial<SeedListQuery>) =>
  `/seeds?${seedListParams({ ...q, ...change })}`;

function SortHeader({
  q,
  sort,
  children,
}: {
  q: SeedListQuery;
  sort: SeedListQuery["sort"];
  children: React.ReactNode;
}) {
  const active = q.sort === sort;
  const dir = active && q.dir === "desc" ? "asc" : "desc";
  return (
    <TableHead aria-sort={active ? (q.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={href(q, { sort, dir, page: 1 })} className="inline-flex items-center gap-1 hover:underline">
        {children}
        {active ? (
          q.dir === "asc" ? (
            <ArrowUp className="size-3" aria-hidden />
          ) : (
            <ArrowDown className="size-3" aria-hidden />
          )
        ) : null}
      </Link>
    </TableHead>
  );
}

/**
 * `selectable`: a checkbox column for bulk actions (reviewers approve or reject submitted tasks, authors
 * submit or archive their drafts; the server actions check again).
 */
// Under the md breakpoint the table reads as a list of cards (one DOM for both, so nothing is duplicated for
// tests or screen readers): rows become wrapped blocks, the instruction takes the full width with more
// lines, each other cell names itself from its data-label.
const CARD = {
  table: "max-md:block",
  head: "max-md:sr-only",
  body: "max-md:grid max-md:gap-2 max-md:[&_tr:last-child]:border",
  row: "max-md:flex max-md:flex-wrap max-md:items-start max-md:gap-x-3 max-md:gap-y-1 max-md:rounded-lg max-md:border max-md:bg-background max-md:p-3",
  cell: "max-md:p-0 max-md:text-xs max-md:before:mr-1 max-md:before:text-muted-foreground max-md:before:content-[attr(data-label)]",
};

export function SeedTable({
  page,
  query,
  selectable = false,
}: {
  page: SeedListPage;
  query: SeedListQuery;
  selectable?: boolean;
}) {
  const table = (
    <div className="grid gap-3">
      <div className="rounded-lg border bg-background max-md:border-0 max-md:bg-transparent">
        <Table className={CARD.table}>
          <TableHeader className={CARD.head}>
            <TableRow>
              {selectable ? <SelectAllHeadCell /> : null}
              <TableHead className="w-[45%]">Instruction</TableHead>
              <SortHeader q={query} sort="topic">
                Topic
              </SortHeader>
              <TableHead>View</TableHead>
              <SortHeader q={query} sort="type">
                Type
              </SortHeader>
              <SortHeader q={query} sort="difficulty">
                Diff.
              </SortHeader>
              <TableHead>Status</TableHead>
              <TableHead>Author</TableHead>
              <SortHeader q={query} sort="updated">
                Updated
              </SortHeader>
            </TableRow>
          </TableHeader>
          <TableBody className={CARD.body}>
            {page.rows.map((r) => (
              <TableRow key={r.id} className={cn(CARD.row, selectable && "has-checked:bg-muted")}>
                {selectable ? (
                  <SelectRowCell id={r.id} instruction={r.instruction} status={r.status} />
                ) : null}
                <TableCell className="max-w-0 max-md:max-w-none max-md:flex-1 max-md:basis-[calc(100%-2.25rem)] max-md:p-0">
                  <Link
                    href={`/seeds/${r.id}`}
                    className="line-clamp-2 whitespace-normal break-words hover:underline max-md:line-clamp-6 max-md:font-medium"
                  >
                    {r.instruction}
                  </Link>
                </TableCell>
                <TableCell className={CARD.cell} data-label="Topic">
                  {r.topic || "—"}
                </TableCell>
                <TableCell className={CARD.cell} data-label="View">
                  {r.view || "—"}
                </TableCell>
                <TableCell className={CARD.cell} data-label="Type">
                  {r.taskType || "—"}
                </TableCell>
                <TableCell className={cn("tabular-nums", CARD.cell)} data-label="Difficulty">
                  {r.difficulty ?? "—"}
                </TableCell>
                <TableCell className="max-md:p-0">
                  <Badge variant="outline">{SEED_STATUS_LABELS[r.status]}</Badge>
                </TableCell>
                {/* A name wraps between its words ("Dr Clara C / linician" before); an email, one long word, anywhere. */}
                <TableCell
                  className={cn("text-xs", r.authorName ? "break-words" : "break-all", CARD.cell)}
                  data-label="By"
                >
                  {r.authorName ?? r.authorEmail}
                </TableCell>
                <TableCell className={cn("text-muted-foreground text-xs", CARD.cell)} data-label="Updated">
                  {r.updatedAt.toLocaleDateString()}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <nav aria-label="Pages" className="flex items-center justify-between text-sm">
        <span className="text-muted-foreground">
          {page.total.toLocaleString("en-US")} task{page.total === 1 ? "" : "s"} · page {page.page} of{" "}
          {page.pages}
        </span>
        <span className="flex gap-3">
          {page.page > 1 ? <Link href={href(query, { page: page.page - 1 })}>← Previous</Link> : null}
          {page.page < page.pages || page.totalIsLowerBound ? (
            <Link href={href(query, { page: page.page + 1 })}>Next →</Link>
          ) : null}
        </span>
      </nav>
    </div>
  );
  return table;
}

/**
 * Bulk action state for the list. It sits above the table *and* the empty state, so the result of an action
 * stays on screen when the refreshed list no longer holds those tasks (e.g. "Submitted" filter, all approved).
 * `rows`: the tasks of this page a bulk action applies to, for this person.
 */
export function SeedListSelection({
  rows,
  enabled,
  children,
}: {
  rows: BulkItem[];
  enabled: boolean;
  children: React.ReactNode;
}) {
  if (!enabled) return children;
  return <BulkActionsProvider rows={rows}>{children}</BulkActionsProvider>;
}
