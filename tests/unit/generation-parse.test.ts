import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeTags } from "@/lib/generation/normalize-tags";
import { type ParsedTask, type ParseOptions, parseTaskCompletion } from "@/lib/generation/parse";
import { type PromptSeed, renderSeedBlock } from "@/lib/generation/prompt/seed-block";

// The corpus: each tests/fixtures/generation/NN-name.txt is a model's completion, NN-name.json says how it
// was requested and what must come out of it.
const FIXTURES = path.join(import.meta.dirname, "../fixtures/generation");

type Expected =
  | { ok: true; position: number; number: number | null; task: Extract<ParsedTask, { ok: true }>["task"] }
  | { ok: false; position: number; number: number | null; reason: string };
type Case = { description: string; lineEndings?: "crlf"; options: ParseOptions; expected: Expected[] };

const cases = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((file) => {
    const name = file.replace(/\.txt$/, "");
    const spec = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Case;
    let text = fs.readFileSync(path.join(FIXTURES, file), "utf8");
    if (spec.lineEndings === "crlf") text = text.replace(/\n/g, "\r\n");
    return { name, text, ...spec };
  });

/** What the fixtures pin down: everything but raw and detail (checked separately, they are for people). */
const comparable = (t: ParsedTask): Expected =>
  t.ok
    ? { ok: true, position: t.position, number: t.number, task: t.task }
    : { ok: false, position: t.position, number: t.number, reason: t.reason };

describe("parseTaskCompletion on the corpus of model outputs", () => {
  it("has a corpus of at least 15 completions", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.description}`, () => {
      const parsed = parseTaskCompletion(c.text, c.options);
      expect(parsed.map(comparable)).toEqual(c.expected);
      for (const t of parsed) {
        expect(t.raw.length).toBeGreaterThan(0);
        expect(t.raw).not.toContain("\r");
        if (!t.ok) expect(t.detail.length).toBeGreaterThan(0);
        else {
          expect(t.task.input).not.toContain("\r");
          expect(t.task.instruction).toBe(t.task.instruction.trim());
        }
      }
    });
  }
});

describe("parseTaskCompletion details", () => {
  const options = { firstNumber: 4, lastNumber: 6, truncated: false };
  const block = (type: string, instruction: string, input = "<noinput>") =>
    `${type}\nTopic: Cardiology\nView: Patient\nDifficulty: 2\nInstruction: ${instruction}\nInput: ${input}`;

  it("puts the prompt's header back in front of the first block's raw text", () => {
    const [first] = parseTaskCompletion(
      ` ${block("Chat", "Why does my chest hurt when I breathe in?")}`,
      options,
    );
    expect(first?.raw.startsWith("4. Type: Chat\nTopic: Cardiology")).toBe(true);
  });

  it("reads the completion as it is when the prompt did not end with a header", () => {
    const text = `###\n4. Type: ${block("Chat", "Why does my chest hurt when I breathe in?")}`;
    const parsed = parseTaskCompletion(text, { ...options, promptEndsWithHeader: false });
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.ok).toBe(true);
  });

  it("drops the only block as truncated when the limit was hit", () => {
    const parsed = parseTaskCompletion(` ${block("Chat", "Is it safe to fly after a heart attack?")}`, {
      ...options,
      truncated: true,
    });
    expect(parsed.map((t) => (t.ok ? "ok" : t.reason))).toEqual(["truncated"]);
  });

  it("keeps a lone type line as a failed task, but drops a lone non-type as a refusal", () => {
    expect(parseTaskCompletion(" Open Q&A\n", options).map((t) => !t.ok && t.reason)).toEqual([
      "missing_field:topic",
    ]);
    expect(parseTaskCompletion(" I cannot help with that.", options)).toEqual([]);
  });

  it("keeps the last block when the model finished on its own", () => {
    const parsed = parseTaskCompletion(
      ` ${block("Chat", "Is it safe to fly after a heart attack?")}`,
      options,
    );
    expect(parsed.map((t) => t.ok)).toEqual([true]);
  });

  it("counts beyond the request by position, whatever the numbers say", () => {
    const text = [1, 2, 3, 4]
      .map((n) => `###\n${n}. Type: ${block("Open Q&A", `Question number ${n} about statins?`)}`)
      .join("\n");
    const parsed = parseTaskCompletion(text, { firstNumber: 4, lastNumber: 6, truncated: false });
    expect(parsed.map((t) => (t.ok ? t.number : t.reason))).toEqual([1, 2, 3, "beyond_requested"]);
  });

  it("lists every missing line in the detail", () => {
    const [t] = parseTaskCompletion(" Chat\nTopic: Cardiology\nInstruction: Explain angina.", options);
    expect(t).toMatchObject({ ok: false, reason: "missing_field:view" });
    expect(t && !t.ok && t.detail).toBe("The task has no View, Difficulty, Input lines.");
  });

  it("accepts admin-added task types when the caller passes them", () => {
    const text = ` ${block("Care plan", "Draft a care plan for a patient after hip replacement.")}`;
    expect(parseTaskCompletion(text, options)[0]).toMatchObject({ ok: false, reason: "unknown_type" });
    const knownTypes = new Map([["care plan", "Care planning"]]);
    expect(parseTaskCompletion(text, { ...options, knownTypes })[0]).toMatchObject({
      ok: true,
      task: { type: "Care planning" },
    });
  });

  it("stores a topic or view in the vocabulary's spelling when the caller passes it, else as written", () => {
    const text = ` Chat\nTopic: CARDIOLOGY\nView: medical  Student\nDifficulty: 2\nInstruction: Explain angina.\nInput: <noinput>`;
    expect(parseTaskCompletion(text, options)[0]).toMatchObject({
      ok: true,
      task: { topic: "CARDIOLOGY", view: "medical Student" },
    });
    const knownTopics = new Map([["cardiology", "Cardiology"]]);
    const knownViews = new Map([
      ["medical student", "Medical student"],
      ["med student", "Medical student"],
    ]);
    expect(parseTaskCompletion(text, { ...options, knownTopics, knownViews })[0]).toMatchObject({
      ok: true,
      task: { topic: "Cardiology", view: "Medical student" },
    });
  });

  it("leaves '__' blanks in an input alone", () => {
    const [t] = parseTaskCompletion(
      ` ${block("Open Q&A", "Fill in the blank.", "The antidote to warfarin is ____")}`,
      options,
    );
    expect(t).toMatchObject({ ok: true, task: { input: "The antidote to warfarin is ____" } });
  });

  it("refuses a request range that makes no sense", () => {
    expect(() => parseTaskCompletion("", { firstNumber: 6, lastNumber: 4, truncated: false })).toThrow(
      RangeError,
    );
  });

  it("returns nothing for an empty completion", () => {
    expect(parseTaskCompletion("", options)).toEqual([]);
    expect(parseTaskCompletion("   \n", options)).toEqual([]);
  });
});

describe("round trip: blocks rendered like the prompt's seeds parse back to the same fields", () => {
  const seeds: PromptSeed[] = [
    {
      taskType: "USMLE style Q&A",
      topic: "Cardiology",
      view: "Medical Student",
      difficulty: 4,
      instruction: "Answer this   question about\na murmur:",
      input: "A 30-year-old woman has a mid-systolic click.\nWhich valve is involved?\nA. Mitral\nB. Aortic",
    },
    {
      taskType: "Chat",
      topic: "Psychiatry",
      view: "Patient",
      difficulty: 1,
      instruction: "I can't sleep, what helps?",
      input: "",
    },
    {
      taskType: "Multiple-hop reasoning",
      topic: "Nephrology",
      view: "Nephrologist",
      difficulty: null,
      instruction: "Explain the margins of safety for lithium dosing.",
      input: "  Lithium level 1.6 mmol/L (11.2 hours post dose), creatinine 140 umol/L.  ",
    },
  ];

  it("gives back every field, numbered from the first requested block", () => {
    const rendered = seeds.map((s, i) => renderSeedBlock(s, i + 4)).join("\n");
    // The prompt ends with "###\n4. Type:"; the completion is the rest.
    const completion = rendered.slice("###\n4. Type:".length);
    const parsed = parseTaskCompletion(completion, { firstNumber: 4, lastNumber: 6, truncated: false });
    expect(parsed.map((t) => (t.ok ? { number: t.number, ...t.task } : t.reason))).toEqual(
      seeds.map((s, i) => ({
        number: i + 4,
        type: s.taskType,
        topic: s.topic,
        view: s.view,
        difficulty: s.difficulty,
        instruction: s.instruction.replace(/\s+/g, " ").trim().replace(/:+$/, ""),
        input: s.input.trim(),
      })),
    );
  });
});

describe("normalizeTags", () => {
  const tags = (difficulty: string | number | null, type = "Open Q&A") =>
    normalizeTags({ type, topic: "  Internal   Medicine ", view: "Medical student", difficulty });

  it.each([
    ["3", 3],
    [3, 3],
    ["3/5", 3],
    ["3 / 5", 3],
    ["3 out of 5", 3],
    ["Level 3", 3],
    ["level: 4", 4],
    ["3 (moderate)", 3],
    ["4 - complex", 4],
    ["2.0", 2],
    ["1.", 1],
    ["", null],
    [null, null],
  ])("reads difficulty %j as %j", (raw, level) => {
    expect(tags(raw)).toEqual({
      ok: true,
      type: "Open Q&A",
      topic: "Internal Medicine",
      view: "Medical student",
      difficulty: level,
    });
  });

  it.each(["0", "6", "10", "2-3", "3, 4", "2.5", "hard", "three", 7])("refuses difficulty %j", (raw) => {
    expect(tags(raw)).toMatchObject({ ok: false, reason: "bad_difficulty" });
  });

  it.each([
    ["Open QA", "Open Q&A"],
    ["open-ended Q&A", "Open Q&A"],
    ["Multi-hop reasoning", "Multiple-hop reasoning"],
    ["Single Hop Reasoning", "Single-hop reasoning"],
    ["Rewrites", "Rewrite"],
    ["Summarizations", "Summarization"],
    ["Multiple Choice Q&A", "Multiple-choice Q&A"],
    ["MCQ", "Multiple-choice Q&A"],
    ["USMLE Style Q&A", "USMLE style Q&A"],
    ["Text Generation", "Text generation"],
    ["Classification Task", "Classification"],
  ])("maps type %j to %j", (raw, canonical) => {
    expect(tags("2", raw)).toMatchObject({ ok: true, type: canonical });
  });

  it("refuses an unknown type and names the known ones", () => {
    const result = tags("2", "Poetry");
    expect(result).toMatchObject({ ok: false, reason: "unknown_type" });
    expect(!result.ok && result.detail).toContain("Multiple-hop reasoning");
  });

  it("refuses empty tags, type first", () => {
    expect(normalizeTags({ type: " ", topic: "", view: "", difficulty: "2" })).toMatchObject({
      reason: "empty_field:type",
    });
    expect(normalizeTags({ type: "Chat", topic: "", view: "Nurse", difficulty: "2" })).toMatchObject({
      reason: "empty_field:topic",
    });
    expect(normalizeTags({ type: "Chat", topic: "Cardiology", view: "\t", difficulty: "2" })).toMatchObject({
      reason: "empty_field:view",
    });
  });

  it("gives the same answer when applied twice", () => {
    const once = normalizeTags({ type: "Multi hop", topic: " ICU ", view: "Nurse", difficulty: "Level 5" });
    expect(once.ok).toBe(true);
    if (once.ok) expect(normalizeTags(once)).toEqual(once);
  });
});
