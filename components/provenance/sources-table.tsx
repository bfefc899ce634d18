import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { licenceLabel } from "@/lib/model/licences";
import { sourceKindLabel } from "@/lib/model/source-kinds";
import type { SourcesSummary } from "@/lib/provenance/summary";

/** The sources and licences of a set of seeds (an export, a release), with a non-commercial notice. */
export function SourcesTable({ summary, what = "seeds" }: { summary: SourcesSummary; what?: string }) {
  if (!summary.seeds)
    return <p className="text-muted-foreground text-sm">No source is recorded for these {what}.</p>;
  return (
    <div className="grid gap-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted-foreground">Licences:</span>
        {summary.licences.map((l) => (
          <Badge key={l.licence} variant={l.nonCommercial ? "warning" : "secondary"}>
            {licenceLabel(l.licence)} · {l.seeds.toLocaleString("en-US")}
          </Badge>
        ))}
      </p>
      {summary.nonCommercial ? (
        <p className="text-sm" role="note">
          <strong>Non-commercial:</strong> some of these {what} are under a NonCommercial licence; anything
          built from them may only be used and shared non-commercially.
        </p>
      ) : null}
      {summary.unrecorded ? (
        <p className="text-muted-foreground text-sm">
          {summary.unrecorded.toLocaleString("en-US")} of them have no recorded licence: set it in the editor.
        </p>
      ) : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Source</TableHead>
            <TableHead>Citation</TableHead>
            <TableHead>Licence</TableHead>
            <TableHead>Adapted</TableHead>
            <TableHead numeric>Seeds</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {summary.sources.map((s) => (
            <TableRow key={JSON.stringify([s.sourceKind, s.licence, s.citation, s.citationUrl, s.adapted])}>
              <TableCell>{sourceKindLabel(s.sourceKind)}</TableCell>
              <TableCell className="max-w-md break-words">
                {s.citationUrl ? (
                  <a href={s.citationUrl} rel="noreferrer noopener" target="_blank" className="underline">
                    {s.citation || s.citationUrl}
                  </a>
                ) : (
                  s.citation || "—"
                )}
              </TableCell>
              <TableCell>{licenceLabel(s.licence)}</TableCell>
              <TableCell>{s.adapted ? "Yes" : "No"}</TableCell>
              <TableCell numeric>{s.seeds.toLocaleString("en-US")}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
