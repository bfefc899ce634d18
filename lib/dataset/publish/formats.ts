import { taskCategory } from "@/lib/dataset/analysis/categories";
import type { DatasetRecord } from "@/lib/dataset/types";
import { csvField } from "@/lib/utils/csv";

// The files a release is published as. Renderers work one record at a time so a 52k-record release streams
// without the whole file ever being one string; the same records in the same order give the same bytes.

export const RELEASE_FORMATS = ["alpaca", "jsonl", "csv", "hf"] as const;
export type ReleaseFormat = (typeof RELEASE_FORMATS)[number];
/** The formats that are one text file (hf is a zip of a folder, built around the jsonl renderer). */
export type TextReleaseFormat = Exclude<ReleaseFormat, "hf">;

export type ReleaseFormatInfo = { ext: string; contentType: string; label: string };

export const RELEASE_FORMAT_INFO: Record<ReleaseFormat, ReleaseFormatInfo> = {
  alpaca: {
    ext: "json",
    contentType: "application/json; charset=utf-8",
    label: "Alpaca JSON (instruction, input, output)",
  },
  jsonl: {
    ext: "jsonl",
    contentType: "application/jsonl; charset=utf-8",
    label: "JSON Lines with tags and provenance",
  },
  csv: { ext: "csv", contentType: "text/csv; charset=utf-8", label: "CSV (spreadsheets)" },
  hf: { ext: "zip", contentType: "application/zip", label: "Hugging Face dataset folder (.zip)" },
};

/** The folder inside the hf zip, and the stem of every release file name. */
export const releaseFolder = (number: number) => `medseed-dataset-${number}`;

export const releaseFileName = (number: number, format: ReleaseFormat) =>
  `${releaseFolder(number)}-${format}.${RELEASE_FORMAT_INFO[format].ext}`;

export type RecordRenderer = {
  head: string;
  /** `i` is the record's 0-based position in the file; rows must be written in that order */
  row(r: DatasetRecord, i: number): string;
  /** `count` is how many rows were written */
  tail(count: number): string;
};

// The per-job JSONL download (lib/generation/dataset.ts) writes the same objects, plus the model's unparsed
// block as `provenance.raw`, which a release leaves out (it is not part of the dataset).
export function jsonlObject(r: DatasetRecord) {
  const p = r.provenance;
  return {
    instruction: r.instruction,
    input: r.input,
    output: r.output,
    type: r.taskType,
    topic: r.topic,
    view: r.view,
    difficulty: r.difficulty,
    category: taskCategory(r.taskType),
    edited: r.edited,
    provenance: {
      job: r.jobId,
      job_number: r.jobNumber,
      seq: r.seq,
      task_id: r.id,
      request: p.requestId,
      request_index: p.requestIndex,
      seed_ids: p.seedIds,
      task_model: p.taskModel,
      response_model: p.responseModel,
      task_prompt_version: p.taskPromptVersion,
      response_prompt_version: p.responsePromptVersion,
      max_rouge_l: p.maxRougeL,
      most_similar: p.mostSimilar,
    },
  };
}

export const CSV_COLUMNS = [
  "instruction",
  "input",
  "output",
  "type",
  "topic",
  "view",
  "difficulty",
  "category",
  "job_number",
  "seq",
  "task_id",
] as const;

const csvRow = (r: DatasetRecord) =>
  [
    r.instruction,
    r.input,
    r.output,
    r.taskType,
    r.topic,
    r.view,
    r.difficulty === null ? "" : String(r.difficulty),
    taskCategory(r.taskType),
    String(r.jobNumber),
    String(r.seq),
    r.id,
  ]
    .map(csvField)
    .join(",");

const RENDERERS: Record<TextReleaseFormat, RecordRenderer> = {
  // The MedInstruct-52k / Stanford Alpaca shape, laid out exactly as the per-job Alpaca download.
  alpaca: {
    head: "[",
    row: (r, i) =>
      `${i === 0 ? "\n" : ",\n"}  ${JSON.stringify({ instruction: r.instruction, input: r.input, output: r.output })}`,
    tail: (count) => (count ? "\n]\n" : "]\n"),
  },
  jsonl: {
    head: "",
    row: (r) => `${JSON.stringify(jsonlObject(r))}\n`,
    tail: () => "",
  },
  // Every record ends with CRLF (RFC 4180 allows it on the last one) so rows need no separator logic. A cell
  // a spreadsheet would run as a formula starts with a single quote (lib/utils/csv.ts).
  csv: {
    head: `${CSV_COLUMNS.join(",")}\r\n`,
    row: (r) => `${csvRow(r)}\r\n`,
    tail: () => "",
  },
};

export function recordRenderer(format: TextReleaseFormat): RecordRenderer {
  return RENDERERS[format];
}
