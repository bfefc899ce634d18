import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CandidateOutputs, parseCandidateOutputs } from "@/lib/evaluation/candidate-outputs";
import { instructionKey } from "@/lib/evaluation/file-rows";
import { parseTestset } from "@/lib/evaluation/testset-import";

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, "../fixtures/evaluation", name), "utf8");

const testset = await parseTestset(fixture("medinstruct-test.jsonl"));
if (!testset.ok) throw new Error("fixture test set must import");
const items = testset.items;

function ok(r: CandidateOutputs) {
  if (!r.ok) throw new Error(`expected the outputs to read, got ${JSON.stringify(r.errors)}`);
  return r;
}

describe("matching an alpaca_eval outputs file to a test set", () => {
  let r!: ReturnType<typeof ok>;
  beforeAll(async () => {
    r = ok(
      await parseCandidateOutputs(fixture("candidate-outputs.json"), items, { fileName: "outputs.json" }),
    );
  });

  it("matches rows by whitespace-normalised instruction, in the items' order", async () => {
    expect(r.generator).toBe("alpacare-7b");
    expect(r.byItem.map((row) => row?.output ?? null)).toEqual([
      "70 to 99 mg/dL.",
      "Colds are viral; antibiotics target bacteria.", // its instruction has extra spaces and a line break
      null,
      "Graves' disease; check TSH.",
      "", // an empty answer is an answer
    ]);
  });

  it("reports the rows that match no item and the items with no row", async () => {
    expect(r.unmatched).toEqual([{ line: 22, instruction: "Name three risk factors for osteoporosis." }]);
    expect(r.missing).toEqual([{ index: 2, instruction: items[2]?.instruction }]);
  });

  it("keeps every row by its key", async () => {
    expect(r.byInstruction.size).toBe(5);
    expect(r.byInstruction.get(instructionKey(items[0]?.instruction ?? ""))?.line).toBe(2);
  });
});

describe("the matching key", () => {
  it("joins the input after the instruction, so alpaca_eval's merged instruction matches", async () => {
    expect(instructionKey("Summarise:", "The note.")).toBe(instructionKey("Summarise:\n\nThe note."));
    expect(instructionKey(" A \r\n b\t")).toBe("A b");
    expect(instructionKey("Q", "<noinput>")).toBe("Q");
    expect(instructionKey("Q", "x")).not.toBe(instructionKey("Q"));
  });

  it("matches an outputs row that carries the input separately", async () => {
    const testItems = [{ instruction: "Summarise this.", input: "Pt afebrile." }];
    const rows = JSON.stringify([
      { instruction: "Summarise this.", input: "Pt afebrile.", output: "No fever." },
    ]);
    expect(ok(await parseCandidateOutputs(rows, testItems)).byItem[0]?.output).toBe("No fever.");
  });
});

describe("the model's name", () => {
  it("comes from the generator, else the file name, else 'candidate'", async () => {
    const rows = JSON.stringify([{ instruction: "Q", output: "A" }]);
    expect(ok(await parseCandidateOutputs(rows, [], { fileName: "dir/meditron.jsonl" })).generator).toBe(
      "meditron",
    );
    expect(ok(await parseCandidateOutputs(rows, [])).generator).toBe("candidate");
  });
});

describe("refusing a bad outputs file", () => {
  it("names every bad row by line, and two different answers to one instruction", async () => {
    const rows = [
      { instruction: "Q1", output: "A", generator: "m" },
      { instruction: "Q2", generator: "m" },
      { instruction: "  ", output: "A", generator: "m" },
      { instruction: "Q1 ", output: "different", generator: "m" },
      { instruction: "Q3", output: ["x"], generator: "m" },
    ];
    const text = rows.map((r) => JSON.stringify(r)).join("\n");
    const r = await parseCandidateOutputs(text, items);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 2, row: 2, field: "output", message: "The output is missing or not text." },
      { line: 3, row: 3, field: "instruction", message: "The instruction is missing or empty." },
      {
        line: 4,
        row: 4,
        field: "output",
        message: "Same instruction as line 1 with a different output: keep one answer per instruction.",
      },
      { line: 5, row: 5, field: "output", message: "output must be text, not a list or object." },
    ]);
    // A line that is not JSON is named with the others, not alone.
    const broken = await parseCandidateOutputs(`${text}\n{"instruction": "Q4", `, items);
    if (broken.ok) throw new Error("expected the broken file to be refused");
    expect(broken.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(broken.errors[4]?.message).toContain("Not valid JSON");
  });

  it("warns about an exact repeat but reads the file", async () => {
    const text = [
      { instruction: "Q", output: "A" },
      { instruction: "Q", output: "A" },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const r = ok(await parseCandidateOutputs(text, [{ instruction: "Q" }]));
    expect(r.warnings).toEqual([
      { line: 2, row: 2, message: "Repeats line 1 (same instruction, same output)." },
    ]);
    expect(r.byItem[0]?.output).toBe("A");
  });

  it("refuses a file mixing models", async () => {
    const text = JSON.stringify([
      { instruction: "Q1", output: "A", generator: "m1" },
      { instruction: "Q2", output: "B", generator: "m2" },
    ]);
    const r = await parseCandidateOutputs(text, []);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]?.message).toBe(
        "The rows name more than one generator: m1 (1), m2 (1). Upload one model's outputs per file.",
      );
  });
});
