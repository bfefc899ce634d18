import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import type { SeedListPage } from "@/lib/seeds/list";
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
      <div className="rounded-lg border bg-background">
        <Table>
          <TableHeader>
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
          <TableBody>
            {page.rows.map((r) => (
              <TableRow key={r.id} className={selectable ? "has-checked:bg-muted" : undefined}>
                {selectable ? (
                  <SelectRowCell id={r.id} instruction={r.instruction} status={r.status} />
                ) : null}
                <TableCell className="max-w-0">
                  <Link href={`/seeds/${r.id}`} className="line-clamp-2 whitespace-normal hover:underline">
                    {r.instruction}
                  </Link>
                </TableCell>
                <TableCell>{r.topic || "—"}</TableCell>
                <TableCell>{r.view || "—"}</TableCell>
                <TableCell>{r.taskType || "—"}</TableCell>
                <TableCell className="tabular-nums">{r.difficulty ?? "—"}</TableCell>
                <TableCell>
                  <Badge variant="outline">{SEED_STATUS_LABELS[r.status]}</Badge>
                </TableCell>
                <TableCell className="text-xs">{r.authorName ?? r.authorEmail}</TableCell>
                <TableCell className="text-muted-foreground text-xs">
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
