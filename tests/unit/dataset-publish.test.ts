import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { taskCategory } from "@/lib/dataset/analysis/categories";
import { type CardInput, datasetCard, sizeCategory } from "@/lib/dataset/publish/card";
import {
  CSV_COLUMNS,
  RELEASE_FORMAT_INFO,
  RELEASE_FORMATS,
  type RecordRenderer,
  recordRenderer,
  releaseFileName,
} from "@/lib/dataset/publish/formats";
import { hfZipWriter } from "@/lib/dataset/publish/hf-zip";
import type { DatasetRecord } from "@/lib/dataset/types";
import { unneutraliseCsvCell } from "@/lib/utils/csv";

function record(over: Partial<DatasetRecord>): DatasetRecord {
  return {
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
    provenance: {
      requestId: "req-1",
      requestIndex: 0,
      seedIds: ["s1", "s2", "s3"],
      taskModel: "gpt-4",
      responseModel: "gpt-3.5-turbo",
      taskPromptVersion: 1,
      responsePromptVersion: 2,
      maxRougeL: 0.41,
      mostSimilar: "s2",
    },
    ...over,
  };
}

const RECORDS: DatasetRecord[] = [
  record({
    instruction: "Décrivez les symptômes de l'hypoglycémie — 低血糖とは?",
    input: 'The patient says "I feel dizzy, shaky and sweaty", then faints.',
    output: "Line one,\nline two\r\nline three: 🩺",
  }),
  record({
    id: "task-2",
    seq: 2,
    instruction: "List three causes of chest pain",
    input: "",
    output: "Angina, pericarditis, reflux",
    taskType: "Summarization",
    topic: "Emergency medicine",
    view: "Nurse",
    difficulty: null,
    edited: true,
    provenance: { ...record({}).provenance, maxRougeL: null, mostSimilar: null, taskModel: null },
  }),
  record({
    id: "task-3",
    jobId: "job-b",
    jobNumber: 9,
    seq: 1,
    instruction: '=SUM(A1) "quoted" instruction',
    input: "a\rb",
    output: "",
    taskType: "Multiple-choice Q&A",
    difficulty: 5,
  }),
];

function render(renderer: RecordRenderer, records: DatasetRecord[]): string {
  return renderer.head + records.map((r, i) => renderer.row(r, i)).join("") + renderer.tail(records.length);
}

describe("release formats", () => {
  it("describes every format and names files after the release", () => {
    expect(Object.keys(RELEASE_FORMAT_INFO)).toEqual([...RELEASE_FORMATS]);
    expect(releaseFileName(3, "hf")).toBe("medseed-dataset-3-hf.zip");
    expect(releaseFileName(12, "alpaca")).toBe("medseed-dataset-12-alpaca.json");
  });

  it("alpaca: the per-job layout, and parses back to {instruction, input, output}", () => {
    const text = render(recordRenderer("alpaca"), RECORDS);
    const objects = RECORDS.map((r) => ({ instruction: r.instruction, input: r.input, output: r.output }));
    expect(text).toBe(`[\n  ${objects.map((o) => JSON.stringify(o)).join(",\n  ")}\n]\n`);
    expect(JSON.parse(text)).toEqual(objects);
    for (const o of JSON.parse(text)) expect(Object.keys(o)).toEqual(["instruction", "input", "output"]);
    expect(render(recordRenderer("alpaca"), [])).toBe("[]\n");
  });

  it("jsonl: one object a line, keys in the fixed order, provenance complete", () => {
    const text = render(recordRenderer("jsonl"), RECORDS);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      const r = RECORDS[i] as DatasetRecord;
      const o = JSON.parse(line);
      expect(Object.keys(o)).toEqual([
        "instruction",
        "input",
        "output",
        "type",
        "topic",
        "view",
        "difficulty",
        "category",
        "edited",
        "provenance",
      ]);
      expect(o).toEqual({
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
          request: r.provenance.requestId,
          request_index: r.provenance.requestIndex,
          seed_ids: r.provenance.seedIds,
          task_model: r.provenance.taskModel,
          response_model: r.provenance.responseModel,
          task_prompt_version: r.provenance.taskPromptVersion,
          response_prompt_version: r.provenance.responsePromptVersion,
          max_rouge_l: r.provenance.maxRougeL,
          most_similar: r.provenance.mostSimilar,
        },
      });
      expect(Object.keys(o.provenance)).toEqual([
        "job",
        "job_number",
        "seq",
        "task_id",
        "request",
        "request_index",
        "seed_ids",
        "task_model",
        "response_model",
        "task_prompt_version",
        "response_prompt_version",
        "max_rouge_l",
        "most_similar",
      ]);
      expect(["information extraction", "text generation", "question answering", "other"]).toContain(
        o.category,
      );
    });
    expect(render(recordRenderer("jsonl"), [])).toBe("");
  });

  it("csv: CRLF records that parse back to the original fields", () => {
    const text = render(recordRenderer("csv"), RECORDS);
    expect(text.startsWith(`${CSV_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    // With CRLF as the only record delimiter, a bare LF or CR between records would merge or split rows.
    const rows = parse(text, { record_delimiter: "\r\n" }) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    // A cell a spreadsheet would run as a formula is written with a single quote in front (lib/utils/csv.ts).
    expect(rows.flat().filter((cell) => cell.startsWith("'"))).toEqual([`'=SUM(A1) "quoted" instruction`]);
    expect(rows.slice(1).map((row) => row.map(unneutraliseCsvCell))).toEqual(
      RECORDS.map((r) => [
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
      ]),
    );
    // Only fields that need it are quoted.
    expect(text).toContain(",Cardiology,Patient,2,");
    expect(text).toContain('"The patient says ""I feel dizzy, shaky and sweaty"", then faints."');
    expect(render(recordRenderer("csv"), [])).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
  });
});

function cardInput(over: Partial<CardInput> = {}): CardInput {
  return {
    number: 3,
    title: 'MedSeed: "release" #3 — ünïcode\u2028end',
    license: null,
    createdAt: new Date("2026-03-04T05:06:07.089Z"),
    recordCount: 3,
    trainSha256: "a".repeat(64),
    jobs: [
      {
        number: 7,
        seedSource: "export #4 | clinicians",
        seedExport: { number: 4, sha256: "b".repeat(64) },
        seedCount: 167,
        seedsPerRequest: 3,
        threshold: 0.7,
        taskModel: "gpt-4",
        responseModel: "gpt-3.5-turbo",
        taskPromptVersion: 1,
        responsePromptVersion: 2,
        rngSeed: 42,
        target: 1000,
        kept: 1000,
        released: 2,
      },
      {
        number: 9,
        seedSource: "seeds.json",
        seedExport: null,
        seedCount: 80,
        seedsPerRequest: 3,
        threshold: 0.7,
        taskModel: "claude-x",
        responseModel: "gpt-3.5-turbo",
        taskPromptVersion: 1,
        responsePromptVersion: 2,
        rngSeed: 7,
        target: 10,
        kept: 9,
        released: 1,
      },
    ],
    stats: {
      types: [
        { label: "Open Q&A", count: 1 },
        { label: "Summarization", count: 2 },
      ],
      topics: [
        { label: "Cardio|logy\nand more", count: 2 },
        { label: "Other topics", count: 1 },
      ],
      viewGroups: [{ label: "PATIENT_PUBLIC", count: 3 }],
      difficulty: [
        { label: "2", count: 2 },
        { label: "unknown", count: 1 },
      ],
      categories: [
        { label: "question answering", count: 1 },
        { label: "text generation", count: 2 },
      ],
    },
    curation: {
      excluded: 12,
      edited: 1,
      crossJobDuplicates: 4,
      threshold: 0.6,
      spotCheck: { graded: 200, acceptable: 0.925, low: 0.8812, high: 0.9541 },
    },
    ...over,
  };
}

/** The YAML between the opening and closing `---` lines. */
function frontMatter(card: string): string {
  expect(card.startsWith("---\n")).toBe(true);
  const end = card.indexOf("\n---\n", 4);
  expect(end).toBeGreaterThan(0);
  return card.slice(4, end);
}

describe("dataset card", () => {
  it("has front matter with the keys the Hub reads, in a shape YAML accepts", () => {
    const yaml = frontMatter(datasetCard(cardInput()));
    expect(yaml).toMatch(/^license: other$/m);
    expect(yaml).toMatch(/^# TODO\(licence\):.*$/m);
    expect(yaml).toContain("CC BY-NC 4.0");
    expect(yaml).toMatch(/^language:\n- en$/m);
    expect(yaml).toMatch(/^task_categories:\n- text-generation\n- question-answering$/m);
    expect(yaml).toMatch(/^tags:\n- medical\n- instruction-tuning\n- self-instruct\n- synthetic$/m);
    expect(yaml).toMatch(/^size_categories:\n- n<1K$/m);
    expect(yaml).toMatch(
      /^configs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: data\/train\.jsonl$/m,
    );
    // Every line is a comment, a key, or a list item: nothing the title could have broken out into.
    for (const line of yaml.split("\n"))
      expect(line).toMatch(/^(#.*|[a-z_]+:( .+)?| *- [a-z_]+: .+| *- [^\s].*| +[a-z_]+:( .+)?)$/);
    const pretty = /^pretty_name: (.*)$/m.exec(yaml)?.[1] ?? "";
    expect(pretty.startsWith('"')).toBe(true);
    expect(pretty).not.toMatch(/[\u2028\u2029]/);
    // The scalar uses only escapes YAML and JSON share, so JSON reads it as YAML would.
    expect(JSON.parse(pretty)).toBe(cardInput().title);
  });

  it("states a chosen licence instead of the placeholder", () => {
    const chosen = datasetCard(cardInput({ license: " CC-BY-NC-4.0 " }));
    const yaml = frontMatter(chosen);
    expect(yaml).toMatch(/^license: cc-by-nc-4\.0$/m);
    expect(yaml).not.toContain("TODO");
    expect(chosen).not.toContain("**TODO (licence):**");
    expect(chosen).toContain("Released under **cc-by-nc-4.0**");
    // A bare `no` would be read as false by YAML 1.1.
    expect(frontMatter(datasetCard(cardInput({ license: "no" })))).toMatch(/^license: "no"$/m);
    const other = datasetCard(cardInput({ license: "other" }));
    expect(frontMatter(other)).toMatch(
      /^# TODO\(licence\): add license_name and license_link.*\nlicense: other$/m,
    );
    expect(other).toContain("**TODO (licence):**");
    expect(frontMatter(datasetCard(cardInput({ license: "" })))).toMatch(/^license: other$/m);
  });

  it("puts the record count in the Hub's size bucket", () => {
    expect(sizeCategory(0)).toBe("n<1K");
    expect(sizeCategory(999)).toBe("n<1K");
    expect(sizeCategory(1000)).toBe("1K<n<10K");
    expect(sizeCategory(9999)).toBe("1K<n<10K");
    expect(sizeCategory(10000)).toBe("10K<n<100K");
    expect(sizeCategory(52002)).toBe("10K<n<100K");
    expect(sizeCategory(100_000)).toBe("100K<n<1M");
    expect(sizeCategory(2_000_000_000_000)).toBe("n>1T");
    expect(frontMatter(datasetCard(cardInput({ recordCount: 52002 })))).toMatch(/^- 10K<n<100K$/m);
  });

  it("escapes table cells and shows shares to one decimal", () => {
    const card = datasetCard(cardInput());
    expect(card).toContain("| Cardio\\|logy and more | 2 | 66.7% |");
    expect(card).toContain("| text generation | 2 | 66.7% |");
    expect(card).toContain("| question answering | 1 | 33.3% |");
    expect(card).toContain("| Open Q\\&A | 1 | 33.3% |");
    expect(card).toContain("| Seed source | export \\#4 \\| clinicians |");
    // Each table row has as many unescaped pipes as its header.
    const tables = card
      .trimEnd()
      .split("\n\n")
      .filter((block) => block.startsWith("| "));
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      const pipes = table.split("\n").map((line) => line.replace(/\\\\|\\\|/g, "").split("|").length);
      expect(new Set(pipes).size).toBe(1);
    }
  });

  it("states generation, curation, the release and what is left to complete", () => {
    const card = datasetCard(cardInput());
    expect(card).toMatch(/^# MedSeed: "release" \\#3 — ünïcode end$/m);
    expect(card).toContain("92.5% acceptable (95% CI 88.1–95.4%, 200 graded)");
    expect(card).toContain("**12** kept tasks were excluded");
    expect(card).toContain("**4** records were dropped as near-duplicates");
    expect(card).toContain("every record taken before it was at most 0.6.");
    expect(card).toContain("at most 0.7");
    expect(card).toContain("task model (gpt-4, claude-x (by job))");
    expect(card).toContain("### Job #7");
    expect(card).toContain(`| Seed export SHA-256 | ${"b".repeat(64)} |`);
    expect(card).toContain("| Seed export | none (seeds read from a file) |");
    expect(card).toContain("| RNG seed | 42 |");
    expect(card).toContain("| Target | 1,000 |");
    expect(card).toContain(`| SHA-256 of data/train.jsonl | ${"a".repeat(64)} |`);
    expect(card).toContain("| Created | 2026-03-04T05:06:07.089Z |");
    for (const todo of ["licence", "citation", "contact"]) expect(card).toContain(`**TODO (${todo}):**`);
    expect(card.endsWith("\n")).toBe(true);
    expect(datasetCard(cardInput())).toBe(card);
    const none = datasetCard(cardInput({ curation: { ...cardInput().curation, spotCheck: null } }));
    expect(none).toContain("No spot check was graded");
    expect(none).not.toContain("acceptable (95% CI");
  });
});

async function zipBytes(
  records: DatasetRecord[],
  card: string,
  split: "per-record" | "whole" = "per-record",
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let busy = false;
  const writer = hfZipWriter("medseed-dataset-3", async (chunk) => {
    // A second call before the first settled would mean the writer does not wait for its consumer.
    expect(busy).toBe(false);
    busy = true;
    await new Promise((resolve) => setImmediate(resolve));
    chunks.push(chunk);
    busy = false;
  });
  const jsonl = recordRenderer("jsonl");
  const lines = records.map((r, i) => jsonl.row(r, i));
  if (split === "whole") await writer.addRecordText(lines.join(""));
  else for (const line of lines) await writer.addRecordText(line);
  await writer.finish(card);
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Enough records to cross the writer's 64 KiB pieces several times. */
const MANY = Array.from({ length: 600 }, (_, i) =>
  record({ id: `t-${i}`, seq: i + 1, output: `Answer ${i} ${"lorem ipsum ".repeat(i % 40)}` }),
);

describe("hf zip", () => {
  it("holds data/train.jsonl then README.md under the folder", async () => {
    const card = datasetCard(cardInput());
    const files = unzipSync(await zipBytes(RECORDS, card));
    expect(Object.keys(files)).toEqual(["medseed-dataset-3/data/train.jsonl", "medseed-dataset-3/README.md"]);
    const decode = (name: string) => new TextDecoder().decode(files[name]);
    expect(decode("medseed-dataset-3/data/train.jsonl")).toBe(render(recordRenderer("jsonl"), RECORDS));
    expect(decode("medseed-dataset-3/README.md")).toBe(card);
  });

  it("streams a large file intact, whatever the calls' sizes", async () => {
    const perRecord = await zipBytes(MANY, "card");
    const files = unzipSync(perRecord);
    expect(new TextDecoder().decode(files["medseed-dataset-3/data/train.jsonl"])).toBe(
      render(recordRenderer("jsonl"), MANY),
    );
    expect(sha256(await zipBytes(MANY, "card", "whole"))).toBe(sha256(perRecord));
  });

  it("gives identical bytes for identical input, and different bytes for a different record", async () => {
    const card = datasetCard(cardInput());
    const first = sha256(await zipBytes(RECORDS, card));
    expect(sha256(await zipBytes(RECORDS, card))).toBe(first);
    const changed = RECORDS.map((r, i) => (i === 1 ? { ...r, output: `${r.output}.` } : r));
    expect(sha256(await zipBytes(changed, card))).not.toBe(first);
    expect(sha256(await zipBytes(RECORDS, `${card} `))).not.toBe(first);
  });

  it("writes the same fixed timestamp in any time zone", async () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati"; // UTC+14
      const east = await zipBytes(RECORDS, "card");
      process.env.TZ = "Pacific/Pago_Pago"; // UTC-11
      const west = await zipBytes(RECORDS, "card");
      expect(sha256(west)).toBe(sha256(east));
      // Local file header: DOS time at offset 10, date at 12 (2000-01-01 00:00:00).
      const header = new DataView(east.buffer, east.byteOffset, 30);
      expect(header.getUint32(0, true)).toBe(0x04034b50);
      expect(header.getUint16(10, true)).toBe(0);
      expect(header.getUint16(12, true)).toBe(((2000 - 1980) << 9) | (1 << 5) | 1);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("writes an empty train.jsonl for an empty release", async () => {
    const files = unzipSync(await zipBytes([], "card"));
    expect(files["medseed-dataset-3/data/train.jsonl"]).toHaveLength(0);
    expect(new TextDecoder().decode(files["medseed-dataset-3/README.md"])).toBe("card");
  });

  it("refuses a folder name that could escape the archive's folder", () => {
    expect(() => hfZipWriter("../x", () => {})).toThrow();
    expect(() => hfZipWriter("..", () => {})).toThrow();
    expect(() => hfZipWriter("a/b", () => {})).toThrow();
  });
});
