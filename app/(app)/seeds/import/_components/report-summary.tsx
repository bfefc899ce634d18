import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { FORMAT_LABELS, type ImportReport, SHAPE_LABELS, type TermMapping } from "@/lib/seeds/import/types";

/** What was detected in the file, the counts, and how its tags map onto the vocabulary. */
export function ReportSummary({ report }: { report: ImportReport }) {
  const c = report.counts;
  const facts: [string, string | number][] = [
    ["File", report.fileName],
    ["Format", report.format ? FORMAT_LABELS[report.format] : "not recognised"],
    ["Shape", report.shape ? SHAPE_LABELS[report.shape] : "no records found"],
    ["Rows", c.rows],
    ["Valid rows", c.valid],
    ["Rows with errors", c.errors],
    ["Exact duplicates (skipped)", c.duplicates],
    ["Near-duplicates (flagged)", c.nearDuplicates],
    ['Empty inputs ("<noinput>")', c.noInput],
    ["New topics / views", `${c.newTopics} / ${c.newViews}`],
    [report.committed ? "Created" : "To create", report.committed ? c.created : c.toCreate],
  ];
  return (
    <section aria-labelledby="import-summary" className="grid gap-4">
      <h2 id="import-summary" className="font-semibold text-lg">
        {report.committed ? "Import result" : "Preview"}
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-muted-foreground">{term}</dt>
            <dd className="break-words tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {report.typeMapping.length ? (
        <MappingTable
          caption="Task types: as written in the file, and the canonical type stored"
          rows={report.typeMapping}
        />
      ) : null}
      {report.tagMapping.length ? (
        <MappingTable
          caption="Topic and view spellings folded onto one value each (a stored value, or one of its spellings in this file)"
          rows={report.tagMapping.map((m) => ({ ...m, from: `${m.kind}: ${m.from}` }))}
        />
      ) : null}
    </section>
  );
}

function MappingTable({ caption, rows }: { caption: string; rows: TermMapping[] }) {
  return (
    <Table>
      <caption className="mb-2 text-left font-medium text-sm">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">In the file</TableHead>
          <TableHead scope="col">Stored as</TableHead>
          <TableHead scope="col" className="text-right">
            Rows
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((m) => (
          <TableRow key={`${m.from}->${m.to}`}>
            <TableCell>{m.from}</TableCell>
            <TableCell>
              {m.to}{" "}
              {m.from === m.to ? null : (
                <Badge variant="secondary" className="ml-1">
                  mapped
                </Badge>
              )}
            </TableCell>
            <TableCell className="text-right tabular-nums">{m.count}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
