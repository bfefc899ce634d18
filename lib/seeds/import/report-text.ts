// Plain-text renderings of an import report: the CLI prints them, the server action uses the error summary.
import { licenceLabel } from "@/lib/model/licences";
import { sourceKindLabel } from "@/lib/model/source-kinds";
import { FORMAT_LABELS, type ImportReport, type ImportSource, type RowIssue, SHAPE_LABELS } from "./types";

const clip = (s: string, n = 80) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const issueText = (e: RowIssue) =>
  `line ${e.line}${e.row !== undefined ? ` (row ${e.row})` : ""}${e.field ? `, ${e.field}` : ""}: ${e.message}`;

/** "Nothing was imported: 2 rows have errors. line 4 (row 3), type: ...; line 9 ..." (max 0: no details). */
export function errorSummary(report: ImportReport, max = 3): string {
  const what = report.counts.errors ? plural(report.counts.errors, "row has", "rows have") : "the file has";
  const shown = report.errors.slice(0, max).map(issueText).join("; ");
  const more = report.errors.length > max && max > 0 ? "; and more (see the preview)" : "";
  return `Nothing was imported: ${what} errors${shown ? `. ${shown}${more}` : "."}`;
}

/** "Source: Public dataset, CC-BY-NC-4.0, "Zhang X ...", not adapted (3 rows state their own)". */
function sourceLine(s: ImportSource): string {
  const src = s.applied ?? s.suggested;
  const parts = [
    src.sourceKind ? sourceKindLabel(src.sourceKind) : "not recorded",
    src.licence ? licenceLabel(src.licence) : "licence not recorded",
    ...(src.citation ? [`"${clip(src.citation, 60)}"`] : []),
    ...(src.adapted ? ["adapted"] : []),
  ];
  const own = s.rowsWithOwn ? ` (${plural(s.rowsWithOwn, "row states", "rows state")} its own)` : "";
  return `Source: ${parts.join(", ")}${own}`;
}

export function reportLines(r: ImportReport): string[] {
  const c = r.counts;
  const out = [
    `File: ${r.fileName}`,
    `Format: ${r.format ? FORMAT_LABELS[r.format] : "not recognised"}`,
    `Shape: ${r.shape ? SHAPE_LABELS[r.shape] : "none found"}`,
    `Rows: ${c.rows} (${c.valid} valid, ${c.errors} with errors)`,
    r.committed
      ? `Created: ${c.created} (status ${r.status.toLowerCase()})`
      : `Would create: ${c.toCreate} (status ${r.status.toLowerCase()}; nothing written)`,
    `Duplicates skipped: ${c.duplicates}`,
    `Near-duplicates flagged: ${c.nearDuplicates}`,
    `Empty inputs ("<noinput>" stored as empty): ${c.noInput}`,
    `New topics: ${c.newTopics}, new views: ${c.newViews}${c.newValuesProposed ? " (proposed: an admin decides)" : ""}`,
    `Rows with possible patient identifiers (screened, see below): ${c.phi ?? 0}`,
  ];
  if (r.source) out.push(sourceLine(r.source));
  if (r.typeMapping.length) {
    out.push("Type mapping:");
    for (const m of r.typeMapping) out.push(`  "${m.from}" -> ${m.to} (${m.count})`);
  }
  if (r.tagMapping.length) {
    out.push("Topic and view spellings folded onto the vocabulary:");
    for (const m of r.tagMapping) out.push(`  ${m.kind} "${m.from}" -> ${m.to} (${m.count})`);
  }
  if (r.warnings.length) {
    out.push("Warnings:");
    for (const w of r.warnings) out.push(`  ${w.line !== undefined ? `line ${w.line}: ` : ""}${w.message}`);
  }
  if (r.nearDuplicates.length) {
    out.push("Near-duplicates (ROUGE-L above 0.7; imported anyway):");
    for (const n of r.nearDuplicates) {
      const other = n.similar.id ? `stored task ${n.similar.id}` : `line ${n.similar.line}`;
      out.push(`  line ${n.line} ~ ${other} (${n.score.toFixed(2)}): "${clip(n.instruction)}"`);
    }
  }
  if (r.duplicates.length) {
    out.push("Duplicates (skipped):");
    for (const d of r.duplicates) {
      const other = d.existingId ? `stored task ${d.existingId}` : `line ${d.sameAsLine}`;
      out.push(`  line ${d.line}: same as ${other}: "${clip(d.instruction)}"`);
    }
  }
  if (r.phi?.length) {
    out.push(
      "Possible patient identifiers (replace them with placeholders, or use --refuse-phi to refuse such rows):",
    );
    for (const p of r.phi)
      out.push(
        `  line ${p.line}: ${p.findings.map((f) => `${f.category} "${clip(f.text, 40)}" in ${f.field}`).join("; ")}`,
      );
  }
  if (r.truncated) out.push("(Some lists were cut short; the counts above are complete.)");
  return out;
}
