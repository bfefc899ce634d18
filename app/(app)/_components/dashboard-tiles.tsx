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
    <table className="w-full max-w-xl text-sm">
      <caption className="mb-1 text-left font-medium">Decisions per reviewer, last 7 days</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Reviewer</th>
          <th scope="col">Decisions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.reviewerId}>
            <th scope="row" className="w-1/2 py-0.5 pr-2 text-left font-normal">
              {r.name ?? r.email}
            </th>
            <td className="py-0.5">
              <div className="flex items-center gap-2">
                <div
                  aria-hidden="true"
                  className="h-2 rounded bg-primary"
                  style={{ width: `${(r.decisions / max) * 100}%` }}
                />
                <span className="tabular-nums">{r.decisions}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
      </div>
    </section>
  );
}
