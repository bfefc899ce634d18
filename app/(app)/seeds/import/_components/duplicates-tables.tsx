import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportReport } from "@/lib/seeds/import/types";

const clamp = "line-clamp-3 max-w-xl whitespace-pre-wrap break-words";

function Other({ id, line, text }: { id?: string; line?: number; text?: string }) {
  if (id) {
    return (
      <Link href={`/seeds/${id}`} target="_blank" className={`${clamp} underline-offset-2 hover:underline`}>
        {text ?? "Stored task"}
      </Link>
    );
  }
  return <span className={clamp}>{text ? `Line ${line}: ${text}` : `Line ${line} of this file`}</span>;
}

/** Exact duplicates (skipped) and near-duplicates (imported, flagged with the similar task and its score). */
export function DuplicatesTables({ report }: { report: ImportReport }) {
  return (
    <>
      {report.duplicates.length ? (
        <Table>
          <caption className="mb-2 text-left font-medium text-sm">
            Exact duplicates: skipped ({report.counts.duplicates})
          </caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Line</TableHead>
              <TableHead scope="col">Instruction</TableHead>
              <TableHead scope="col">Same as</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.duplicates.map((d) => (
              <TableRow key={d.line}>
                <TableCell className="align-top tabular-nums">{d.line}</TableCell>
                <TableCell className="align-top">
                  <span className={clamp}>{d.instruction}</span>
                </TableCell>
                <TableCell className="align-top">
                  {d.existingId ? (
                    <Other id={d.existingId} text="A stored task" />
                  ) : (
                    <Other line={d.sameAsLine} />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {report.nearDuplicates.length ? (
        <Table>
          <caption className="mb-2 text-left font-medium text-sm">
            Near-duplicates: imported, but check them ({report.counts.nearDuplicates})
          </caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Line</TableHead>
              <TableHead scope="col">Instruction</TableHead>
              <TableHead scope="col">Similar task</TableHead>
              <TableHead scope="col">ROUGE-L</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.nearDuplicates.map((n) => (
              <TableRow key={n.line}>
                <TableCell className="align-top tabular-nums">{n.line}</TableCell>
                <TableCell className="align-top">
                  <span className={clamp}>{n.instruction}</span>
                </TableCell>
                <TableCell className="align-top">
                  <Other id={n.similar.id} line={n.similar.line} text={n.similar.instruction} />
                </TableCell>
                <TableCell className="align-top">
                  <Badge variant="warning" className="tabular-nums">
                    {n.score.toFixed(2)}
                  </Badge>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </>
  );
}
