import { describe, expect, it } from "vitest";
import { type ExportRow, FORMATS } from "@/lib/exports/formats";
import { pyJson } from "@/lib/exports/py-json";
import { CLASSIFICATION_TYPES } from "@/lib/model/task-types";

// The export formats render each row through precomputed layouts (lib/exports/py-json.ts pyJsonRecord) for
// speed; every row must still be exactly the text the generic pyJson walk gives for the same object.

const NASTY = [
  "",
  " ",
  "plain",
  "Ménière’s disease — naïve café",
  "emoji 🫀 and CJK 心臓 and RTL عربى",
  'quotes "double" and \\back\\slash',
  "tabs\tand\nnewlines\r\nand \b\f controls \u0001\u001f\u007f",
  "line sep \u2028 para sep \u2029",
  '=HYPERLINK("http://x")',
  "+1 -1 @cmd",
  "'=already quoted",
  "\t=tab formula",
  "<noinput>",
];

function rows(): ExportRow[] {
  const out: ExportRow[] = [];
  let i = 0;
  for (const a of NASTY)
    for (const b of [NASTY[0], NASTY[4], NASTY[6], NASTY[8]] as string[]) {
      i++;
      out.push({
        id: `seed-${i}`,
        version: i,
        status: "APPROVED",
        instruction: a,
        input: b,
        output: `${b}${a}`,
        topic: a,
        view: b,
        taskType: i % 2 ? (CLASSIFICATION_TYPES[0] as string) : "Open Q&A",
        difficulty: i % 6 === 0 ? null : i % 5,
        note: a,
        authorEmail: "author@example.test",
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        updatedAt: new Date(Date.UTC(2026, 1, 1, 0, 0, i, 7)),
        sourceKind: i % 3 ? "LITERATURE" : "UNKNOWN",
        citation: b,
        citationUrl: i % 4 ? "" : 'https://example.test/a?b=1&c="2"',
        licence: i % 2 ? "CC-BY-4.0" : "NOASSERTION",
        adapted: i % 2 === 0,
      });
    }
  return out;
}

const noInput = (s: string) => (s.trim() ? s : "<noinput>");

// The formats as first written, with the generic walk.
const REFERENCE = {
  alpacare: (r: ExportRow) =>
    `    ${pyJson({ topic: r.topic, view: r.view, type: r.taskType, instruction: r.instruction, input: noInput(r.input), difficulty: r.difficulty ? String(r.difficulty) : "" }, 4, 1)}`,
  alpaca: (r: ExportRow) =>
    `    ${pyJson({ instruction: r.instruction, input: r.input, output: r.output }, 4, 1)}`,
  "self-instruct": (r: ExportRow, i: number, name: string) =>
    pyJson({
      id: `seed_task_${i}`,
      name,
      instruction: r.instruction,
      instances: [{ input: r.input, output: r.output }],
      is_classification: CLASSIFICATION_TYPES.includes(r.taskType),
    }),
  jsonl: (r: ExportRow) =>
    pyJson({
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
};

describe("export row rendering", () => {
  for (const format of ["alpacare", "alpaca", "jsonl"] as const) {
    it(`${format}: each row is the text of the generic pyJson layout`, () => {
      for (const [i, r] of rows().entries()) expect(FORMATS[format].row(r, i)).toBe(REFERENCE[format](r));
    });
  }

  it("self-instruct: each row is the text of the generic pyJson layout", () => {
    for (const [i, r] of rows().entries()) {
      const line = FORMATS["self-instruct"].row(r, i);
      const name = (JSON.parse(line) as { name: string }).name;
      expect(line).toBe(REFERENCE["self-instruct"](r, i, name));
    }
  });

  it("JSON formats parse back to the stored text, unicode and control characters included", () => {
    for (const [i, r] of rows().entries()) {
      const back = JSON.parse(FORMATS.jsonl.row(r, i));
      expect(back.instruction).toBe(r.instruction);
      expect(back.input).toBe(r.input);
      expect(back.difficulty).toBe(r.difficulty);
    }
  });

  it("pyJsonRecord lays out nested and empty values like pyJson", () => {
    expect(pyJson({ a: [], b: {} })).toBe('{"a": [], "b": {}}');
    expect(FORMATS.alpaca.row({ ...rows()[0], instruction: "x" } as ExportRow, 0)).toBe(
      '    {\n        "instruction": "x",\n        "input": "",\n        "output": ""\n    }',
    );
  });
});
