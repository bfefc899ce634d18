import "server-only";
import { screenTask } from "@/lib/phi/finding-key";
import { describeUnresolved } from "@/lib/phi/resolutions";
import type { PlannedRow } from "./canonical";
import type { Pacer } from "./pacer";
import type { ImportReport, PhiRow, RowIssue } from "./types";

/** PHI screening of every valid row (instruction, input, output), pausing for the event loop as it goes. */
export async function screenRows(rows: readonly PlannedRow[], pacer: Pacer): Promise<PhiRow[]> {
  await pacer.phase("phi", rows.length);
  const out: PhiRow[] = [];
  for (const [done, r] of rows.entries()) {
    const findings = screenTask(r.fields);
    if (findings.length) out.push({ line: r.line, row: r.row, findings });
    if (pacer.due()) await pacer.pause(done + 1);
  }
  return out;
}

/**
 * "Refuse rows with any finding": each such row becomes an error of the report, so that (all or nothing) the
 * file is not imported until they are replaced with placeholders.
 */
export function phiAsErrors(report: ImportReport): ImportReport {
  const rows = report.phi ?? [];
  if (!rows.length) return report;
  const errors: RowIssue[] = rows.map((r) => ({
    line: r.line,
    row: r.row,
    field: r.findings[0]?.field,
    message: `Possible patient identifier (refused by "refuse rows with any finding"): ${describeUnresolved(r.findings, 3)}. Replace it with a placeholder such as [NAME] or [DATE].`,
  }));
  const rowsWithErrors = new Set([
    ...report.errors.flatMap((e) => (e.row === undefined ? [] : [e.row])),
    ...rows.map((r) => r.row),
  ]);
  return {
    ...report,
    errors: [...report.errors, ...errors].sort((a, b) => a.line - b.line),
    counts: { ...report.counts, errors: rowsWithErrors.size, toCreate: 0 },
  };
}

/** The refusal of a commit with "refuse rows with any finding" when the preview found some. */
export function phiRefusalMessage(report: ImportReport): string {
  const rows = report.phi ?? [];
  const first = rows
    .slice(0, 3)
    .map((r) => `line ${r.line}: ${describeUnresolved(r.findings, 2)}`)
    .join("; ");
  return `Not imported: ${report.counts.phi ?? rows.length} ${rows.length === 1 ? "row has" : "rows have"} possible patient identifiers (${first}${rows.length > 3 ? "; ..." : ""}), and "refuse rows with any finding" is on. Replace them with placeholders and choose the file again, or untick the option.`;
}
