// Client-safe types of the seed importer: what a preview and a finished import report.
import type { SeedStatusName } from "@/lib/model/seed-status";
import type { PhiFinding } from "@/lib/phi/categories";
import type { SourceOverride } from "@/lib/validation/source";

export type ImportFormat = "json" | "jsonl" | "csv";
export type ImportShape = "alpacare" | "self-instruct" | "alpaca" | "medseed";
export type ImportStatus = Extract<SeedStatusName, "DRAFT" | "APPROVED">;

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  json: "JSON array",
  jsonl: "JSON Lines",
  csv: "CSV with a header row",
};

export const SHAPE_LABELS: Record<ImportShape, string> = {
  alpacare: "AlpaCare seed records (topic, view, type, instruction, input, difficulty)",
  "self-instruct": "Self-Instruct seed tasks (id, name, instruction, instances, is_classification)",
  alpaca: "Alpaca records (instruction, input, output)",
  medseed: "MedSeed rows (instruction, input, output, topic, view, task type, difficulty, note)",
};

/** Where something is in the file: `line` is the file line a record starts on, `row` its 1-based position. */
export type RowRef = { line: number; row: number };

/** `row` is absent for problems with the file as a whole (malformed JSON, a missing CSV header). */
export type RowIssue = { line: number; row?: number; field?: string; message: string };
export type Warning = { line?: number; row?: number; message: string };

export type TermMapping = { from: string; to: string; count: number; isNew?: boolean };

export type DuplicateRow = RowRef & {
  instruction: string;
  /** the stored task it repeats, or the earlier line of this file */
  existingId?: string;
  sameAsLine?: number;
};

export type NearDuplicateRow = RowRef & {
  instruction: string;
  score: number;
  similar: { instruction: string; id?: string; line?: number };
};

/** PHI screening: a row's possible patient identifiers (its instruction, input and output). */
export type PhiRow = RowRef & { findings: PhiFinding[] };

export type PreviewRow = RowRef & {
  instruction: string;
  input: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number | null;
  outcome: "new" | "duplicate";
};

/** Lists are capped for the browser; the counts are always complete. */
export type ImportReport = {
  fileName: string;
  format: ImportFormat | null;
  shape: ImportShape | null;
  status: ImportStatus;
  counts: {
    rows: number;
    valid: number;
    /** rows with at least one error (problems with the file as a whole are only in `errors`) */
    errors: number;
    duplicates: number;
    nearDuplicates: number;
    toCreate: number;
    created: number;
    noInput: number;
    newTopics: number;
    newViews: number;
    /** after an import: the new topics and views wait for an admin as proposals (the importer is no admin) */
    newValuesProposed?: boolean;
    /** rows with at least one possible patient identifier (PHI screening) */
    phi?: number;
  };
  typeMapping: TermMapping[];
  /** topics and views whose stored spelling differs from the file's */
  tagMapping: (TermMapping & { kind: "topic" | "view" })[];
  errors: RowIssue[];
  warnings: Warning[];
  duplicates: DuplicateRow[];
  nearDuplicates: NearDuplicateRow[];
  sample: PreviewRow[];
  /** PHI screening: the rows with findings, in file order (capped like the other lists) */
  phi?: PhiRow[];
  /** true when any list above was cut short */
  truncated: boolean;
  committed: boolean;
  /** provenance and licence (issue 15); absent on previews stored before it */
  source?: ImportSource;
};

export type ImportSource = {
  /** what the preview proposes for the whole file (AlpaCare's licence and paper for an AlpaCare file) */
  suggested: SourceOverride;
  /** rows that state a source field of their own: they keep it */
  rowsWithOwn: number;
  /** what the person chose for the file when importing it (the import used this) */
  applied?: SourceOverride;
};

/** What an import's work is at; its progress counts rows, or characters while the file is read and parsed. */
export type ImportPhase =
  | "reading"
  | "parsing"
  | "checking"
  | "vocabulary"
  | "duplicates"
  | "near-duplicates"
  | "phi"
  | "importing";

export const PHASE_LABELS: Record<ImportPhase, string> = {
  reading: "Reading the file",
  parsing: "Parsing the rows",
  checking: "Checking every row",
  vocabulary: "Matching topics, views and types",
  duplicates: "Looking for exact duplicates",
  "near-duplicates": "Looking for near-duplicates (ROUGE-L)",
  phi: "Screening for patient identifiers",
  importing: "Importing",
};

export type ImportJobState = "QUEUED" | "ANALYSING" | "READY" | "COMMITTING" | "COMMITTED" | "FAILED";

/** An uploaded file as its owner sees it: being checked, checked (the preview), imported, or failed. */
export type ImportJobView = {
  id: string;
  fileName: string;
  byteSize: number;
  status: ImportStatus;
  state: ImportJobState;
  phase: ImportPhase | null;
  done: number;
  total: number;
  /** the preview once checked; the import's report once imported */
  report: ImportReport | null;
  /** why the last attempt failed (or a commit was refused), for a person */
  error: string | null;
  createdAt: string;
};
