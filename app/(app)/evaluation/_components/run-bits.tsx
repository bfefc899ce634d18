import Link from "next/link";
import { JobStateBadge } from "@/components/generation/job-bits";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { RunSummaryRow } from "@/lib/evaluation/views";
import type { JobState } from "@/lib/model/job-states";
import { countOf } from "@/lib/utils/plural";

export const pct = (x: number | null | undefined) => (x == null ? "–" : `${(x * 100).toFixed(1)}%`);

export function RunsTable({ runs, caption }: { runs: RunSummaryRow[]; caption: string }) {
  return (
    <Table framed>
      <TableCaption placement="hidden">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Test set</TableHead>
          <TableHead>Candidate</TableHead>
          <TableHead>Reference</TableHead>
          <TableHead>Judge</TableHead>
          <TableHead numeric>Win rate (95% CI)</TableHead>
          <TableHead numeric>Items</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.id}>
            <TableCell>
              <Link className="underline" href={`/evaluation/runs/${r.id}`}>
                #{r.number}
              </Link>
            </TableCell>
            <TableCell>
              <JobStateBadge state={r.state as JobState} />
            </TableCell>
            <TableCell>
              {r.testSet} v{r.version}
            </TableCell>
            <TableCell>{r.candidateModel}</TableCell>
            <TableCell>{r.referenceModel}</TableCell>
            <TableCell>{r.judgeModel}</TableCell>
            <TableCell numeric>
              {pct(r.winRate)}
              {r.low != null ? ` (${pct(r.low)}–${pct(r.high)})` : ""}
            </TableCell>
            <TableCell numeric>{r.n}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Win rate bars with their 95% interval as a whisker, like the paper's figure by difficulty. */
export function WinRateBars({
  groups,
  label,
}: {
  groups: [string, { winRate: number | null; low: number | null; high: number | null; n: number }][];
  label: string;
}) {
  return (
    <figure aria-label={label} className="grid gap-2">
      {groups.map(([key, g]) => (
        <div key={key} className="grid grid-cols-[8rem_1fr_8rem] items-center gap-3 text-sm">
          <span>{key}</span>
          <div
            className="relative h-5 rounded bg-muted"
            role="img"
            aria-label={`${key}: ${pct(g.winRate)} over ${countOf(g.n, "item")}`}
          >
            <div className="h-full rounded bg-primary" style={{ width: `${(g.winRate ?? 0) * 100}%` }} />
            {g.low != null && g.high != null ? (
              <div
                className="absolute top-1/2 h-0.5 -translate-y-1/2 bg-foreground"
                style={{ left: `${g.low * 100}%`, width: `${(g.high - g.low) * 100}%` }}
              />
            ) : null}
            <div className="absolute top-0 h-full w-px bg-foreground/40" style={{ left: "50%" }} />
          </div>
          <span className="tabular-nums">
            {pct(g.winRate)} <span className="text-muted-foreground">n={g.n}</span>
          </span>
        </div>
      ))}
    </figure>
  );
}
