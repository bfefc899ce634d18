import { Prisma } from "@/lib/generated/prisma/client";
import { CLASSIFICATION_TYPES } from "@/lib/model/task-types";
import { csvField } from "@/lib/utils/csv";
import type { ExportFormatName } from "@/lib/validation/export";
import { pyJsonRecord, RawJson } from "./py-json";
import { jsonOf, sqlBlank, sqlJsonRecord } from "./sql-json";

export type ExportRow = {
  id: string;
  version: number;
  status: string;
  instruction: string;
  input: string;
  output: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number | null;
  note: string;
  authorEmail: string;
  createdAt: Date;
  updatedAt: Date;
  // provenance and licence (issue 15): in MedSeed's own formats (jsonl, csv); the AlpaCare, Self-Instruct and
  // Alpaca files keep their originals' exact shape, and the export's sources summary carries them instead
  sourceKind: string;
  citation: string;
  citationUrl: string;
  licence: string;
  adapted: boolean;
};

type Format = {
  ext: string;
  contentType: string;
  /** Deterministic order. Content formats sort by what they show (byte-wise, COLLATE "C"), so that importing
   *  an export elsewhere and exporting again gives the same bytes; the id is only the last tie-break. */
  order: Prisma.Sql;
  head: string;
  row: (r: ExportRow, i: number) => string;
  /** The same row laid out by PostgreSQL (sql-json.ts; `s` the seed, `u` its author), where the format allows:
   *  an export then streams finished rows. */
  sql?: Prisma.Sql;
  /** between rows */
  sep: string;
  tail: (count: number) => string;
};

const C = (col: string) => Prisma.raw(`s."${col}" COLLATE "C"`);
const byContent = (...cols: string[]) =>
  Prisma.join([...cols.map(C), Prisma.raw(`s."id" COLLATE "C"`)], ", ");
const noInput = (s: string) => (s.trim() ? s : "<noinput>");

function slug(instruction: string): string {
  const plain = instruction
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  return (plain.match(/[a-z0-9]+/g) ?? ["task"]).slice(0, 6).join("_");
}

// The keys of each JSON format, in file order: one list each, laid out in JavaScript (pyJson) and, for the
// formats the export streams, in PostgreSQL (sqlJsonRecord), which tests/unit/export-rows.test.ts holds equal.
const ALPACARE_KEYS = ["topic", "view", "type", "instruction", "input", "difficulty"] as const;
const ALPACA_KEYS = ["instruction", "input", "output"] as const;
const JSONL_KEYS = [
  "id",
  "version",
  "status",
  "topic",
  "view",
  "type",
  "difficulty",
  "instruction",
  "input",
  "output",
  "note",
  "author",
  "createdAt",
  "updatedAt",
  "source_kind",
  "citation",
  "citation_url",
  "licence",
  "adapted",
] as const;

const alpacareJson = pyJsonRecord(ALPACARE_KEYS, 4, 1);
const instanceJson = pyJsonRecord(["input", "output"]);
const selfInstructJson = pyJsonRecord(["id", "name", "instruction", "instances", "is_classification"]);
const alpacaJson = pyJsonRecord(ALPACA_KEYS, 4, 1);
const jsonlJson = pyJsonRecord(JSONL_KEYS);

const alpacareSql = sqlJsonRecord(ALPACARE_KEYS, 4, 1);
const alpacaSql = sqlJsonRecord(ALPACA_KEYS, 4, 1);
const jsonlSql = sqlJsonRecord(JSONL_KEYS);
const col = (name: string) => jsonOf(Prisma.raw(`s."${name}"`));
/** Date.toISOString() of a timestamp(3) that Prisma stores as UTC */
const isoSql = (name: string) => jsonOf(Prisma.raw(`to_char(s."${name}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`));

const CSV_COLUMNS = [
  "instruction",
  "input",
  "output",
  "topic",
  "view",
  "type",
  "difficulty",
  "note",
  "source_kind",
  "citation",
  "citation_url",
  "licence",
  "adapted",
] as const;

export const FORMATS: Record<ExportFormatName, Format> = {
  // AlpaCare's med_seed.json: a JSON array indented by 4, difficulty as a string, "<noinput>" for no input.
  alpacare: {
    ext: "json",
    contentType: "application/json; charset=utf-8",
    order: byContent("taskType", "topic", "view", "instruction", "input"),
    head: "[\n",
    row: (r) =>
      `    ${alpacareJson({ topic: r.topic, view: r.view, type: r.taskType, instruction: r.instruction, input: noInput(r.input), difficulty: r.difficulty ? String(r.difficulty) : "" })}`,
    sql: Prisma.sql`'    ' || ${alpacareSql({
      topic: col("topic"),
      view: col("view"),
      type: col("taskType"),
      instruction: col("instruction"),
      input: jsonOf(
        Prisma.sql`CASE WHEN ${sqlBlank(Prisma.raw(`s."input"`))} THEN '<noinput>' ELSE s."input" END`,
      ),
      difficulty: jsonOf(
        Prisma.sql`CASE WHEN COALESCE(s."difficulty", 0) = 0 THEN '' ELSE s."difficulty"::text END`,
      ),
    })}`,
    sep: ",\n",
    tail: (n) => (n ? "\n]\n" : "]\n"),
  },
  // Self-Instruct / Stanford Alpaca seed_tasks.jsonl: one task per line.
  "self-instruct": {
    ext: "jsonl",
    contentType: "application/jsonl; charset=utf-8",
    order: byContent("instruction", "input", "output"),
    head: "",
    row: (r, i) =>
      selfInstructJson({
        id: `seed_task_${i}`,
        name: slug(r.instruction),
        instruction: r.instruction,
        instances: new RawJson(`[${instanceJson({ input: r.input, output: r.output })}]`),
        is_classification: CLASSIFICATION_TYPES.includes(r.taskType),
      }),
    sep: "\n",
    tail: (n) => (n ? "\n" : ""),
  },
  alpaca: {
    ext: "json",
    contentType: "application/json; charset=utf-8",
    order: byContent("instruction", "input", "output"),
    head: "[\n",
    row: (r) => `    ${alpacaJson({ instruction: r.instruction, input: r.input, output: r.output })}`,
    sql: Prisma.sql`'    ' || ${alpacaSql({ instruction: col("instruction"), input: col("input"), output: col("output") })}`,
    sep: ",\n",
    tail: (n) => (n ? "\n]\n" : "]\n"),
  },
  // Everything, with identity: which seed and which revision.
  jsonl: {
    ext: "jsonl",
    contentType: "application/jsonl; charset=utf-8",
    order: Prisma.sql`s."createdAt", s."id" COLLATE "C"`,
    head: "",
    row: (r) =>
      jsonlJson({
        id: r.id,
        version: r.version,
        status: r.status,
        topic: r.topic,
        view: r.view,
        type: r.taskType,
        difficulty: r.difficulty,
        instruction: r.instruction,
        input: r.input,
        output: r.output,
        note: r.note,
        author: r.authorEmail,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        source_kind: r.sourceKind,
        citation: r.citation,
        citation_url: r.citationUrl,
        licence: r.licence,
        adapted: r.adapted,
      }),
    sql: jsonlSql({
      id: col("id"),
      version: col("version"),
      status: jsonOf(Prisma.raw(`s."status"::text`)),
      topic: col("topic"),
      view: col("view"),
      type: col("taskType"),
      difficulty: col("difficulty"),
      instruction: col("instruction"),
      input: col("input"),
      output: col("output"),
      note: col("note"),
      author: jsonOf(Prisma.raw(`u."email"`)),
      createdAt: isoSql("createdAt"),
      updatedAt: isoSql("updatedAt"),
      source_kind: col("sourceKind"),
      citation: col("citation"),
      citation_url: col("citationUrl"),
      licence: col("licence"),
      adapted: col("adapted"),
    }),
    sep: "\n",
    tail: (n) => (n ? "\n" : ""),
  },
  // RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break; a cell that a
  // spreadsheet would run as a formula starts with a single quote (lib/utils/csv.ts).
  csv: {
    ext: "csv",
    contentType: "text/csv; charset=utf-8",
    order: byContent("taskType", "topic", "view", "instruction", "input", "output"),
    head: `${CSV_COLUMNS.join(",")}\r\n`,
    row: (r) =>
      [
        r.instruction,
        r.input,
        r.output,
        r.topic,
        r.view,
        r.taskType,
        r.difficulty ? String(r.difficulty) : "",
        r.note,
        r.sourceKind,
        r.citation,
        r.citationUrl,
        r.licence,
        r.adapted ? "true" : "false",
      ]
        .map(csvField)
        .join(","),
    sep: "\r\n",
    tail: (n) => (n ? "\r\n" : ""),
  },
};
