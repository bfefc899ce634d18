import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportReport } from "@/lib/seeds/import/types";

/** Per-row errors (which block the whole import) and warnings (which do not), each with its line. */
export function IssuesTables({ report }: { report: ImportReport }) {
  const { errors, warnings, counts } = report;
  return (
    <>
      {errors.length ? (
        <section aria-labelledby="import-errors" className="grid gap-2">
          <Alert variant="destructive">
            <AlertTitle id="import-errors">
              {counts.errors
                ? `${counts.errors} ${counts.errors === 1 ? "row has" : "rows have"} errors`
                : "The file has errors"}
            </AlertTitle>
            <AlertDescription>
              Nothing is imported until every row is valid: fix the lines below and choose the file again.
            </AlertDescription>
          </Alert>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Line</TableHead>
                <TableHead scope="col">Row</TableHead>
                <TableHead scope="col">Field</TableHead>
                <TableHead scope="col">Problem</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {errors.map((e) => (
                <TableRow key={`${e.line}-${e.row ?? ""}-${e.field ?? ""}-${e.message}`}>
                  <TableCell className="tabular-nums">{e.line}</TableCell>
                  <TableCell className="tabular-nums">{e.row ?? "–"}</TableCell>
                  <TableCell>{e.field ?? ""}</TableCell>
                  <TableCell className="whitespace-normal break-words">{e.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ) : null}
      {warnings.length ? (
        <Alert variant="warning">
          <AlertTitle>Warnings</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {warnings.map((w) => (
                <li key={`${w.line ?? "file"}-${w.message}`}>
                  {w.line !== undefined ? `Line ${w.line}: ` : ""}
                  {w.message}
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}
    </>
  );
}
