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
import type { Count } from "@/lib/dataset/types";

/** Counts with their share and a bar, for a release's distributions. */
export function CountTable({ caption, counts, of }: { caption: string; counts: Count[]; of: number }) {
  return (
    <Table>
      <TableCaption placement="top">{caption}</TableCaption>
      <TableHeader className="sr-only">
        <TableRow>
          <TableHead>Value</TableHead>
          <TableHead>Records</TableHead>
          <TableHead>Share</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {counts.map((c) => {
          const share = of ? c.count / of : 0;
          return (
            <TableRow key={c.label} className="border-t border-b-0 hover:bg-transparent">
              <TableRowHead className="py-1 pl-0">{c.label}</TableRowHead>
              <TableCell numeric className="w-16 py-1">
                {c.count.toLocaleString("en-US")}
              </TableCell>
              <TableCell className="w-40 py-1 pr-0 pl-3">
                <div className="flex items-center gap-2">
                  <div className="h-2 flex-1 rounded-full bg-muted" aria-hidden="true">
                    <div className="h-2 rounded-full bg-primary" style={{ width: `${share * 100}%` }} />
                  </div>
                  <span className="w-12 text-right text-xs tabular-nums">{(share * 100).toFixed(1)}%</span>
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
