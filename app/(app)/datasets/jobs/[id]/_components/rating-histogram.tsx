import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { type HistogramRow, RATING_BINS } from "@/lib/dataset/rating-histogram";

/** Counts per score with a bar each, so the shape of each group's ratings is seen at a glance. */
export function RatingHistogramTable({ caption, rows }: { caption: string; rows: HistogramRow[] }) {
  const widest = Math.max(1, ...rows.flatMap((r) => r.bins));
  return (
    <Table framed>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Group</TableHead>
          {RATING_BINS.map((b) => (
            <TableHead key={b} numeric>
              {b}
            </TableHead>
          ))}
          <TableHead numeric>No score</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell className="text-xs">{r.key}</TableCell>
            {r.bins.map((n, i) => (
              <TableCell key={RATING_BINS[i]} numeric className="text-xs">
                <span className="flex items-center justify-end gap-1">
                  <span
                    aria-hidden
                    className={`inline-block h-2 rounded-sm ${i < 2 ? "bg-destructive/70" : i < 3 ? "bg-warning" : "bg-success"}`}
                    style={{ width: `${Math.round((n / widest) * 48)}px` }}
                  />
                  <span className="tabular-nums">{n}</span>
                </span>
              </TableCell>
            ))}
            <TableCell numeric className="text-muted-foreground text-xs tabular-nums">
              {r.unrated}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
