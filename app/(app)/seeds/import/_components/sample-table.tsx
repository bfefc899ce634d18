import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { PreviewRow } from "@/lib/seeds/import/types";

const cell = "align-top line-clamp-3 max-w-md whitespace-pre-wrap break-words";

/** The first rows as they will be stored (tags already mapped), shown as plain text. */
export function SampleTable({ rows, total }: { rows: PreviewRow[]; total: number }) {
  if (!rows.length) return null;
  return (
    <Table>
      <caption className="mb-2 text-left font-medium text-sm">
        {rows.length < total ? `The first ${rows.length} of ${total} valid rows` : "The rows"}, as they will
        be stored
      </caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Line</TableHead>
          <TableHead scope="col">Instruction</TableHead>
          <TableHead scope="col">Input</TableHead>
          <TableHead scope="col">Topic</TableHead>
          <TableHead scope="col">View</TableHead>
          <TableHead scope="col">Type</TableHead>
          <TableHead scope="col">Difficulty</TableHead>
          <TableHead scope="col">Outcome</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.line}>
            <TableCell className="align-top tabular-nums">{r.line}</TableCell>
            <TableCell>
              <span className={cell}>{r.instruction}</span>
            </TableCell>
            <TableCell>
              <span className={cell}>{r.input || <span className="text-muted-foreground">(none)</span>}</span>
            </TableCell>
            <TableCell className="align-top">{r.topic}</TableCell>
            <TableCell className="align-top">{r.view}</TableCell>
            <TableCell className="align-top">{r.taskType}</TableCell>
            <TableCell className="align-top tabular-nums">{r.difficulty ?? ""}</TableCell>
            <TableCell className="align-top">
              <Badge variant={r.outcome === "new" ? "success" : "secondary"}>
                {r.outcome === "new" ? "new" : "duplicate"}
              </Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
