import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseTestset, referenceName, type TestsetImport } from "@/lib/evaluation/testset-import";

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, "../fixtures/evaluation", name), "utf8");

function ok(result: TestsetImport) {
  if (!result.ok) throw new Error(`expected a clean import, got ${JSON.stringify(result.errors)}`);
  return result;
}
function failed(result: TestsetImport) {
  if (result.ok) throw new Error("expected the import to be refused");
  return result;
}

describe("importing MedInstruct-test", () => {
  let r!: ReturnType<typeof ok>;
  beforeAll(async () => {
    r = ok(await parseTestset(fixture("medinstruct-test.jsonl"), { fileName: "medinstruct_test.jsonl" }));
  });

  it("reads every item with its id, difficulty and the four references named without -answer", async () => {
    expect(r.format).toBe("jsonl");
    expect(r.shape).toBe("medinstruct");
    expect(r.items).toHaveLength(5);
    expect(r.items.map((i) => i.difficulty)).toEqual([1, 2, 3, 4, 5]);
    expect(r.items.map((i) => i.externalId)).toEqual([0, 1, 2, 3, 4]);
    expect(r.references).toEqual([
      { name: "gpt-4", items: 5 },
      { name: "claude-2", items: 5 },
      { name: "gpt-3.5-turbo", items: 5 },
      { name: "text-davinci-003", items: 5 },
    ]);
    const first = r.items[0];
    expect(first).toMatchObject({
      line: 1,
      input: "",
      instruction: "What is the normal range of fasting blood glucose for an adult without diabetes?",
    });
    expect(first?.references["gpt-3.5-turbo"]).toBe("Fasting blood glucose is normally 70-100 mg/dL.");
    expect(r.warnings).toEqual([]);
  });

  it("keeps reference answers verbatim (no trimming)", async () => {
    const line = JSON.stringify({ id: 7, instruction: "Q", difficulty: "2", "gpt-4-answer": "  spaced\n" });
    expect(ok(await parseTestset(line)).items[0]?.references).toEqual({ "gpt-4": "  spaced\n" });
  });

  it("takes any other text field as a reference, and names the ignored non-text ones", async () => {
    const line = JSON.stringify({
      id: 1,
      instruction: "Q",
      difficulty: "3",
      "my-model": "M",
      meta: { a: 1 },
    });
    const res = ok(await parseTestset(line));
    expect(res.items[0]?.references).toEqual({ "my-model": "M" });
    expect(res.warnings).toEqual([{ message: "Ignored properties that hold no text: meta." }]);
  });
});

describe("importing the other shapes", () => {
  it("reads alpaca_eval outputs as a reference named by their generator", async () => {
    const r = ok(await parseTestset(fixture("alpaca-eval-reference.json"), { fileName: "ref.json" }));
    expect(r).toMatchObject({
      format: "json",
      shape: "alpaca-eval",
      references: [{ name: "gpt-4", items: 3 }],
    });
    expect(r.items.map((i) => i.line)).toEqual([2, 8, 14]);
    expect(r.items[0]?.difficulty).toBeNull();
  });

  it("names alpaca_eval outputs without a generator by the file name", async () => {
    const text = JSON.stringify([{ instruction: "Q", output: "A" }]);
    const r = ok(await parseTestset(text, { fileName: "runs/gpt4_turbo/model_outputs.json" }));
    expect(r.references).toEqual([{ name: "model_outputs", items: 1 }]);
    expect(ok(await parseTestset(text)).references).toEqual([{ name: "reference", items: 1 }]);
  });

  it("reads Alpaca JSON with its input, the output named by the file", async () => {
    const r = ok(await parseTestset(fixture("alpaca.json"), { fileName: "gpt4-answers.json" }));
    expect(r.shape).toBe("alpaca");
    expect(r.items[0]).toMatchObject({
      instruction: "Summarise this discharge note for the patient.",
      input: expect.stringContaining("community-acquired pneumonia"),
      references: { "gpt4-answers": expect.stringContaining("chest infection") },
    });
    expect(r.items[1]?.input).toBe("");
  });

  it("reads MedSeed JSONL with its tags, the task type made canonical, the output named by its model", async () => {
    const r = ok(await parseTestset(fixture("medseed.jsonl"), { fileName: "x.jsonl" }));
    expect(r.shape).toBe("medseed");
    expect(r.items[0]).toMatchObject({
      taskType: "Classification",
      topic: "Nephrology",
      view: "Nurse",
      difficulty: 3,
      references: { "gpt-3.5-turbo": "Stage 2" },
    });
    expect(r.items[1]?.taskType).toBe("Multiple-choice Q&A");
  });

  it("treats <noinput> as no input", async () => {
    const text = JSON.stringify([{ instruction: "Q", input: "<noinput>", output: "A" }]);
    expect(ok(await parseTestset(text)).items[0]?.input).toBe("");
  });
});

describe("refusing a bad test set, all or nothing, every problem by line", () => {
  it("names each bad line and imports nothing", async () => {
    const lines = [
      JSON.stringify({ id: 1, instruction: "Fine", difficulty: "1", "gpt-4-answer": "A" }),
      JSON.stringify({ id: 2, instruction: "", difficulty: "2", "gpt-4-answer": "A" }),
      JSON.stringify({ id: 3, instruction: "Q", difficulty: "7", "gpt-4-answer": "A" }),
      "",
      JSON.stringify({ id: 4, instruction: "Q4", difficulty: "3" }),
      JSON.stringify({ id: 1, instruction: "Q5", difficulty: "4", "gpt-4-answer": "A" }),
      "[1, 2]",
      JSON.stringify({ id: [5], instruction: "Q6", "gpt-4-answer": "A\u0000" }),
    ].join("\n");
    const r = failed(await parseTestset(lines));
    expect(r.errors).toEqual([
      { line: 2, row: 2, field: "instruction", message: "The instruction is missing or empty." },
      { line: 3, row: 3, field: "difficulty", message: "Difficulty must be from 1 to 5" },
      expect.objectContaining({
        line: 5,
        field: "output",
        message: expect.stringContaining("No reference answer"),
      }),
      {
        line: 6,
        row: 5,
        field: "id",
        message: "id 1 is already used on line 1: each item needs its own id.",
      },
      expect.objectContaining({ line: 7, message: "Each record must be an object; found a list." }),
      { line: 8, row: 7, field: "id", message: "id must be a number or text." },
      { line: 8, row: 7, field: "gpt-4-answer", message: "gpt-4-answer contains a NUL character (\\u0000)." },
    ]);
    expect("items" in r).toBe(false);
  });

  it("names a line that is not JSON together with the other lines' problems, in one pass", async () => {
    const lines = [
      JSON.stringify({ id: 1, instruction: "Fine", difficulty: "1", "gpt-4-answer": "A" }),
      JSON.stringify({ id: 2, instruction: "Q", difficulty: "7", "gpt-4-answer": "A" }),
      '{"id": 3, "instruction": ',
      JSON.stringify({ id: 4, instruction: "", difficulty: "2", "gpt-4-answer": "A" }),
    ].join("\n");
    const r = failed(await parseTestset(lines));
    expect(r.errors.map((e) => [e.line, e.field ?? null])).toEqual([
      [2, "difficulty"],
      [3, null],
      [4, "instruction"],
    ]);
    expect(r.errors[1]?.message).toContain("Not valid JSON");
  });

  it("reports malformed JSON with its line", async () => {
    const text = `${JSON.stringify({ instruction: "Q", "gpt-4-answer": "A" })}\n{"instruction": "broken",\n`;
    const r = failed(await parseTestset(text));
    expect(r.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining("Not valid JSON") });
  });

  it("refuses CSV and empty files with a message saying what is expected", async () => {
    expect(failed(await parseTestset("instruction,output\nQ,A\n")).errors[0]?.message).toContain("JSON");
    expect(failed(await parseTestset("  \n")).errors[0]?.message).toBe("The file is empty.");
    expect(failed(await parseTestset("[]")).errors[0]?.message).toBe("The file holds no records.");
  });

  it("only warns about a repeated instruction", async () => {
    const rows = [
      { instruction: "Same  question", output: "A" },
      { instruction: "Same question ", output: "B" },
    ];
    const text = JSON.stringify(rows, null, 2); // elements start on lines 2 and 6
    const r = ok(await parseTestset(text));
    expect(r.items).toHaveLength(2);
    expect(r.warnings).toEqual([
      expect.objectContaining({ line: 6, message: expect.stringContaining("line 2") }),
    ]);
  });
});

describe("reference names", () => {
  it("drop a trailing -answer and keep anything else", async () => {
    expect(referenceName("gpt-4-answer")).toBe("gpt-4");
    expect(referenceName("text-davinci-003-answer")).toBe("text-davinci-003");
    expect(referenceName("claude-2")).toBe("claude-2");
    expect(referenceName("llama_answer")).toBe("llama");
    expect(referenceName("answer")).toBe("answer");
  });
});
