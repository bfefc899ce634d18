import { FindingChip } from "@/components/phi/finding-chip";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportReport } from "@/lib/seeds/import/types";

/** The PHI screen of the preview: each row with possible patient identifiers, by line. */
export function PhiTable({ report }: { report: ImportReport }) {
  const rows = report.phi ?? [];
  const count = report.counts.phi ?? rows.length;
  return (
    <section aria-labelledby="import-phi" className="grid gap-2">
      <h2 id="import-phi" className="font-medium text-sm">
        Patient identifier screen:{" "}
        {count
          ? `${count} ${count === 1 ? "row holds" : "rows hold"} possible identifiers`
          : "no possible identifier found (screened; no screen finds everything)"}
      </h2>
      {rows.length ? (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Line</TableHead>
              <TableHead scope="col">Findings</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.line}>
                <TableCell className="align-top tabular-nums">{r.line}</TableCell>
                <TableCell className="whitespace-normal">
                  <ul className="grid gap-1">
                    {r.findings.map((f) => (
                      <li key={`${f.field}-${f.start}`} className="flex flex-wrap items-center gap-2">
                        <FindingChip category={f.category} text={f.text} field={f.field} />
                      </li>
                    ))}
                  </ul>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </section>
  );
}
