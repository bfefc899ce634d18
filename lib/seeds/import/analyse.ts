import "server-only";
import { db } from "@/lib/db";
import type { SourceOverride } from "@/lib/validation/source";
import { type Canonical, canonicalise } from "./canonical";
import { flagNearDuplicates, splitDuplicates } from "./duplicates";
import { mapRecords, type ValidRow } from "./map";
import { Pacer } from "./pacer";
import { parseImportText } from "./parse";
import { screenRows } from "./phi";
import { detectShape } from "./shape";
import { rowsWithOwnSource, suggestedSource } from "./source";
import type {
  DuplicateRow,
  ImportReport,
  ImportStatus,
  NearDuplicateRow,
  PhiRow,
  RowIssue,
  Warning,
} from "./types";

export type ImportOptions = {
  fileName: string;
  status: ImportStatus;
  /** the file's source (CLI flags): set fields override the suggested ones; rows' own still win */
  source?: SourceOverride;
};

/** Everything a preview shows, plus what a commit needs to write (computed without writing anything). */
export type Analysis = { report: ImportReport; valid: ValidRow[] };

// Lists sent to the browser are capped; counts stay complete.
export const LIST_CAP = {
  errors: 500,
  warnings: 200,
  duplicates: 500,
  nearDuplicates: 500,
  phi: 500,
  sample: 100,
} as const;

/**
 * The preview: the file read, validated and checked against the stored tasks, without writing anything.
 * Pauses for the event loop as it goes and reports its progress through `pacer`.
 */
export async function analyseImport(
  text: string,
  opts: ImportOptions,
  pacer = new Pacer(),
): Promise<Analysis> {
  const { parsed, shape, shapeWarnings, mapped } = await readImport(text, opts.status, pacer, opts.fileName);
  const canonical = await canonicalise(mapped.rows, db, { create: false }, pacer);
  const { fresh, duplicates } = await splitDuplicates(canonical.rows, db, pacer);
  const nearDuplicates = await flagNearDuplicates(fresh, pacer);
  const phi = await screenRows(canonical.rows, pacer);

  const errors = [...parsed.errors, ...mapped.errors, ...canonical.errors].sort(byLine);
  const report = buildReport({
    opts,
    format: parsed.format,
    shape,
    rows: parsed.records.length + parsed.errors.filter((e) => e.row !== undefined).length,
    errors,
    warnings: [...shapeWarnings, ...mapped.warnings],
    canonical,
    noInput: mapped.noInput,
    duplicates,
    nearDuplicates,
    toCreate: errors.length ? 0 : fresh.length,
    phi,
  });
  report.source = { suggested: suggestedSource(shape), rowsWithOwn: rowsWithOwnSource(mapped.rows) };
  return { report, valid: mapped.rows };
}

/** The part of the analysis that depends on the file alone: records read, mapped and validated. */
export async function readImport(text: string, status: ImportStatus, pacer: Pacer, fileName?: string) {
  const parsed = await parseImportText(text, pacer, fileName);
  const { shape, warnings: shapeWarnings } = await detectShape(parsed.records, pacer);
  const mapped = await mapRecords(parsed.records, status, pacer);
  return { parsed, shape, shapeWarnings, mapped };
}

/** Long texts are shortened in the lists sent to the browser (the stored rows keep every character). */
export const clipText = (s: string, max = 400) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
export const clipDuplicate = (d: DuplicateRow): DuplicateRow => ({
  ...d,
  instruction: clipText(d.instruction),
});
const clipNear = (n: NearDuplicateRow): NearDuplicateRow => ({
  ...n,
  instruction: clipText(n.instruction),
  similar: { ...n.similar, instruction: clipText(n.similar.instruction) },
});

const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;

type ReportParts = {
  opts: ImportOptions;
  format: ImportReport["format"];
  shape: ImportReport["shape"];
  rows: number;
  errors: RowIssue[];
  warnings: Warning[];
  canonical: Canonical;
  noInput: number;
  duplicates: DuplicateRow[];
  nearDuplicates: NearDuplicateRow[];
  toCreate: number;
  phi?: PhiRow[];
};

export function buildReport(p: ReportParts): ImportReport {
  const dupLines = new Set(p.duplicates.map((d) => d.line));
  const rowsWithErrors = new Set(p.errors.flatMap((e) => (e.row === undefined ? [] : [e.row])));
  const truncated =
    p.errors.length > LIST_CAP.errors ||
    p.warnings.length > LIST_CAP.warnings ||
    p.duplicates.length > LIST_CAP.duplicates ||
    p.nearDuplicates.length > LIST_CAP.nearDuplicates ||
    (p.phi?.length ?? 0) > LIST_CAP.phi;
  return {
    fileName: p.opts.fileName,
    format: p.format,
    shape: p.shape,
    status: p.opts.status,
    counts: {
      rows: p.rows,
      valid: p.canonical.rows.length,
      errors: rowsWithErrors.size,
      duplicates: p.duplicates.length,
      nearDuplicates: p.nearDuplicates.length,
      toCreate: p.toCreate,
      created: 0,
      noInput: p.noInput,
      newTopics: p.canonical.newTopics,
      newViews: p.canonical.newViews,
      phi: p.phi?.length ?? 0,
    },
    typeMapping: p.canonical.typeMapping,
    tagMapping: p.canonical.tagMapping,
    errors: p.errors.slice(0, LIST_CAP.errors),
    warnings: p.warnings.slice(0, LIST_CAP.warnings),
    duplicates: p.duplicates.slice(0, LIST_CAP.duplicates).map(clipDuplicate),
    nearDuplicates: p.nearDuplicates.slice(0, LIST_CAP.nearDuplicates).map(clipNear),
    phi: (p.phi ?? []).slice(0, LIST_CAP.phi),
    sample: p.canonical.rows.slice(0, LIST_CAP.sample).map((r) => ({
      line: r.line,
      row: r.row,
      instruction: clipText(r.fields.instruction),
      input: clipText(r.fields.input),
      topic: r.fields.topic,
      view: r.fields.view,
      taskType: r.fields.taskType,
      difficulty: r.fields.difficulty,
      outcome: dupLines.has(r.line) ? "duplicate" : "new",
    })),
    truncated,
    committed: false,
  };
}
