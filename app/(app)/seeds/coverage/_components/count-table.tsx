import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CoverageBar } from "./coverage-bar-chart";

type Props = {
  /** the disclosure's label, e.g. "Show the numbers" */
  summary: string;
  caption: string;
  /** heading of the first column, e.g. "Topic" */
  label: string;
  rows: CoverageBar[];
  of: number;
  open?: boolean;
};

/** A chart's numbers as a table (its text alternative), each count linking to the filtered seed list. */
export function CountTable({ summary, caption, label, rows, of, open }: Props) {
  return (
    <details className="group rounded-md border px-3 py-2 text-sm" open={open}>
      <summary className="cursor-pointer font-medium text-muted-foreground hover:text-foreground">
        {summary}
      </summary>
      <div className="mt-2 max-h-96 overflow-y-auto">
        <Table>
          <caption className="sr-only">{caption}</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">{label}</TableHead>
              <TableHead scope="col" className="text-right">
                Tasks
              </TableHead>
              <TableHead scope="col" className="text-right">
                Share
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.label}>
                <TableHead scope="row" className="font-normal whitespace-normal">
                  {r.label}
                  {r.flag ? (
                    <span className="ml-2 font-medium text-warning-foreground text-xs">({r.flag})</span>
                  ) : null}
                </TableHead>
                <TableCell className="text-right tabular-nums">
                  {r.href && r.count > 0 ? (
                    <Link
                      href={r.href}
                      className="underline-offset-4 hover:underline"
                      aria-label={`${r.count} tasks: ${r.label}`}
                    >
                      {r.count}
                    </Link>
                  ) : (
                    r.count
                  )}
                </TableCell>
                <TableCell className="text-right text-muted-foreground tabular-nums">
                  {of > 0 ? `${Math.round((r.count * 100) / of)}%` : "–"}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </details>
  );
}
