import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableRowHead,
} from "@/components/ui/table";
import type { AuthorStats, ReviewerStats, ReviewerThroughput } from "@/lib/review/stats";
import { formatDuration, formatRate, StatTile } from "./stat-tile";

const grid = "grid gap-3 sm:grid-cols-2 lg:grid-cols-4";

const seedsHref = (status: string, author?: string) => {
  const p = new URLSearchParams({ status });
  if (author) p.set("author", author);
  return `/seeds?${p}`;
};

function Throughput({ rows }: { rows: ReviewerThroughput[] }) {
  if (!rows.length) {
    return <p className="text-muted-foreground text-sm">No decisions in the last 7 days.</p>;
  }
  const max = Math.max(...rows.map((r) => r.decisions));
  return (
    <Table className="max-w-xl">
      <TableCaption placement="top">Decisions per reviewer, last 7 days</TableCaption>
      <TableHeader className="sr-only">
        <TableRow>
          <TableHead>Reviewer</TableHead>
          <TableHead>Decisions</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.reviewerId} className="border-0 hover:bg-transparent">
            <TableRowHead className="w-1/2 py-0.5 pr-2 pl-0">{r.name ?? r.email}</TableRowHead>
            <TableCell className="px-0 py-0.5">
              <div className="flex items-center gap-2">
                <div
                  aria-hidden="true"
                  className="h-2 rounded bg-primary"
                  style={{ width: `${(r.decisions / max) * 100}%` }}
                />
                <span className="tabular-nums">{r.decisions}</span>
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ReviewerTiles({ stats }: { stats: ReviewerStats }) {
  return (
    <section aria-labelledby="review-stats" className="grid gap-3">
      <h2 id="review-stats" className="font-semibold text-lg">
        Review
      </h2>
      <div className={grid}>
        <StatTile label="Waiting for your review" value={stats.toReview} href="/review" />
        <StatTile
          label="Approved, last 7 days"
          value={stats.approvedThisWeek}
          href="/seeds?status=APPROVED"
        />
        <StatTile
          label="Approval rate, last 30 days"
          value={formatRate(stats.approvalRate)}
          hint={`${stats.decisionsLast30Days} decision${stats.decisionsLast30Days === 1 ? "" : "s"}`}
        />
        <StatTile
          label="Median time to review, last 30 days"
          value={formatDuration(stats.medianReviewMs)}
          hint="From submission to decision"
        />
      </div>
      <Throughput rows={stats.throughput} />
    </section>
  );
}

export function AuthorTiles({ stats, email }: { stats: AuthorStats; email: string }) {
  return (
    <section aria-labelledby="author-stats" className="grid gap-3">
      <h2 id="author-stats" className="font-semibold text-lg">
        My seed tasks
      </h2>
      <div className={grid}>
        <StatTile
          label="Changes requested"
          value={stats.changesRequested}
          href={seedsHref("CHANGES_REQUESTED", email)}
          hint={stats.changesRequested ? "Read the reasons, edit, submit again" : undefined}
        />
        <StatTile label="Drafts" value={stats.drafts} href={seedsHref("DRAFT", email)} />
        <StatTile
          label="Submitted, waiting for review"
          value={stats.submitted}
          href={seedsHref("SUBMITTED", email)}
        />
        <StatTile label="Approved" value={stats.approved} href={seedsHref("APPROVED", email)} />
        <StatTile
          label="Rejected"
          value={stats.rejected}
          href={seedsHref("REJECTED", email)}
          hint={stats.rejected ? "Each task's page says why" : undefined}
        />
      </div>
    </section>
  );
}

export type EngineerStats = {
  approvedSeeds: number;
  /** queued or running */
  running: number;
  /** paused (by a person, the budget or repeated failures) or failed */
  stopped: number;
  published: number;
};

/** For the people who run generation: what there is to start from, what runs, what stopped, what is out. */
export function EngineerTiles({ stats }: { stats: EngineerStats }) {
  return (
    <section aria-labelledby="generation-stats" className="grid gap-3">
      <h2 id="generation-stats" className="font-semibold text-lg">
        Generation and datasets
      </h2>
      <div className={grid}>
        <StatTile
          label="Approved seeds to export"
          value={stats.approvedSeeds}
          href="/exports"
          hint="What a generation job starts from"
        />
        <StatTile label="Jobs queued or running" value={stats.running} href="/generation" />
        <StatTile
          label="Jobs paused or failed"
          value={stats.stopped}
          href="/generation"
          hint={stats.stopped ? "Read the job's log, then resume or start again" : undefined}
        />
        <StatTile label="Datasets published" value={stats.published} href="/datasets" />
      </div>
    </section>
  );
}
