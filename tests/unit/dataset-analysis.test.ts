import { describe, expect, it } from "vitest";
import { CATEGORY_OF_TYPE, TASK_CATEGORIES, taskCategory } from "@/lib/dataset/analysis/categories";
import { analyseJob, analyseSide, histogram, rougeToSeeds, wordCount } from "@/lib/dataset/analysis/compute";
import type { AnalysisRecord, ViewGroupName } from "@/lib/dataset/types";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";

const record = (over: Partial<AnalysisRecord>): AnalysisRecord => ({
  instruction: "Explain the diagnosis.",
  input: "<noinput>",
  output: null,
  taskType: "Open Q&A",
  topic: "Asthma",
  view: "Patient",
  difficulty: 3,
  ...over,
});

const GROUPS: Record<string, ViewGroupName> = {
  Patient: "PATIENT_PUBLIC",
  Student: "TRAINEE",
  Clinician: "PROFESSIONAL",
};
const groupOf = (view: string): ViewGroupName | null => GROUPS[view] ?? null;

describe("histogram", () => {
  it("bins [min, max) with values below min in the first bin and max and above in the last", () => {
    const h = histogram([0, 4.9, 5, 99, 100, 150, -3], { min: 0, max: 100, bins: 20 });
    expect(h.width).toBe(5);
    expect(h.counts).toHaveLength(20);
    expect(h.counts[0]).toBe(3); // -3, 0, 4.9
    expect(h.counts[1]).toBe(1); // 5
    expect(h.counts[19]).toBe(3); // 99, 100, 150
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(h.n).toBe(7);
    expect(h.mean).toBeCloseTo(355.9 / 7, 12);
    expect(h.median).toBe(5);
    expect({ min: h.min, max: h.max }).toEqual({ min: 0, max: 100 });
  });

  it("puts a value on an inexact bin edge in the bin above it", () => {
    const h = histogram([0.05, 0.15, 0.7, 1], { min: 0, max: 1, bins: 20 });
    expect(h.counts[1]).toBe(1);
    expect(h.counts[3]).toBe(1);
    expect(h.counts[14]).toBe(1);
    expect(h.counts[19]).toBe(1);
  });

  it("takes the middle pair's mean as the median of an even count", () => {
    expect(histogram([4, 1, 3, 2], { min: 0, max: 10, bins: 2 }).median).toBe(2.5);
  });

  it("has no mean or median without values", () => {
    const h = histogram([], { min: 0, max: 1, bins: 4 });
    expect(h).toEqual({ min: 0, max: 1, width: 0.25, counts: [0, 0, 0, 0], n: 0, mean: null, median: null });
  });
});

describe("wordCount", () => {
  it("counts whitespace-separated tokens, and nothing in a no-input placeholder", () => {
    expect(wordCount("  a  b\tc\nd ")).toBe(4);
    expect(wordCount("a\u00a0b")).toBe(2);
    expect(wordCount("")).toBe(0);
    expect(wordCount("<noinput>")).toBe(0);
    expect(wordCount(" <NoInput> ")).toBe(0);
  });
});

describe("taskCategory", () => {
  it("maps every canonical type", () => {
    expect(Object.keys(CATEGORY_OF_TYPE).sort()).toEqual([...CANONICAL_TASK_TYPES].sort());
    for (const type of CANONICAL_TASK_TYPES) expect(taskCategory(type)).toBe(CATEGORY_OF_TYPE[type]);
  });

  it("maps spelling variants through the canonical type", () => {
    expect(taskCategory("Multi-hop reasoning")).toBe("question answering");
    expect(taskCategory("USMLE Style Q&A")).toBe("question answering");
    expect(taskCategory("MCQ")).toBe("question answering");
    expect(taskCategory("single hop reasoning")).toBe("question answering");
    expect(taskCategory("Rewrites")).toBe("text generation");
    expect(taskCategory("Conversation")).toBe("text generation");
    expect(taskCategory("Classification Task")).toBe("information extraction");
    expect(taskCategory("summarisation")).toBe("information extraction");
  });

  it("puts admin-added and empty types in other", () => {
    expect(taskCategory("Triage notes")).toBe("other");
    expect(taskCategory("")).toBe("other");
    expect(TASK_CATEGORIES).toEqual([
      "information extraction",
      "text generation",
      "question answering",
      "other",
    ]);
  });
});

describe("analyseSide", () => {
  const records = [
    record({ instruction: "Summarize the discharge letter.", taskType: "Summarization", difficulty: 1 }),
    record({
      instruction: "Rewrite this paragraph for a child.",
      input: "",
      taskType: "Rewrites",
      view: "Student",
    }),
    record({
      instruction: "Why does aspirin cause bleeding?",
      input: "one two three",
      taskType: "Multi-hop reasoning",
      topic: "Diabetes",
      view: "Clinician",
    }),
    record({
      instruction: "What is the dose?",
      input: "a b c d e f g h i j k l m n o p q r s t u",
      taskType: "",
      topic: "",
      view: "",
      difficulty: null,
    }),
    record({
      instruction: "List the causes of anaemia.",
      input: " <noinput> ",
      taskType: "Triage notes",
      topic: "Diabetes",
      view: "Unknown view",
      difficulty: 7,
    }),
    record({ instruction: "Classify the ECG.", input: "x", taskType: "Classification Task", difficulty: 5 }),
    record({ instruction: "Summarise the notes.", taskType: "summarisation", difficulty: 2 }),
  ];

  it("counts types, topics, view groups, difficulty and categories", () => {
    const side = analyseSide(records, groupOf);
    expect(side.n).toBe(7);
    expect(side.verbs.n).toBe(7);
    expect(side.types).toEqual([
      { label: "Summarization", count: 2 },
      { label: "(none)", count: 1 },
      { label: "Classification", count: 1 },
      { label: "Multiple-hop reasoning", count: 1 },
      { label: "Rewrite", count: 1 },
      { label: "Triage notes", count: 1 },
    ]);
    expect(side.topics).toEqual([
      { label: "Asthma", count: 4 },
      { label: "Diabetes", count: 2 },
      { label: "(none)", count: 1 },
    ]);
    expect(side.viewGroups).toEqual([
      { label: "PATIENT_PUBLIC", count: 3 },
      { label: "Ungrouped", count: 2 },
      { label: "PROFESSIONAL", count: 1 },
      { label: "TRAINEE", count: 1 },
    ]);
    expect(side.difficulty).toEqual([
      { label: "1", count: 1 },
      { label: "2", count: 1 },
      { label: "3", count: 2 },
      { label: "4", count: 0 },
      { label: "5", count: 1 },
      { label: "unknown", count: 2 },
    ]);
    expect(side.categories).toEqual([
      { label: "information extraction", count: 3 },
      { label: "text generation", count: 1 },
      { label: "question answering", count: 1 },
      { label: "other", count: 2 },
    ]);
  });

  it("histograms lengths in words, with none for outputs when every output is null", () => {
    const { lengths } = analyseSide(records, groupOf);
    // instructions: 4, 6, 5, 4, 5, 3, 3 words. IQR 5 - 3.5 = 1.5, so Freedman-Diaconis gives 2·1.5/7^(1/3) = 1.57,
    // a nice width of 2, from 2 (the lowest value, rounded down) to past the top value: [2,4) [4,6) [6,8).
    expect(lengths.instruction.counts).toEqual([2, 4, 1]);
    expect(lengths.instruction).toMatchObject({ min: 2, max: 8, width: 2, n: 7, median: 4 });
    expect(lengths.instruction.mean).toBeCloseTo(30 / 7, 12);
    // inputs: 0, 0, 3, 21, 0, 1, 0 words. IQR 2 gives 2.09, a nice whole width of 5: [0,5) ... [20,25).
    expect(lengths.input.counts).toEqual([6, 0, 0, 0, 1]);
    expect(lengths.input).toMatchObject({ min: 0, max: 25, width: 5, n: 7, median: 0 });
    expect(lengths.output).toBeNull();
  });

  it("histograms the outputs there are", () => {
    const side = analyseSide(
      [record({ output: "a b c" }), record({ output: "word ".repeat(700) }), record({ output: null })],
      groupOf,
    );
    // Two values 3 and 700 words: a Freedman-Diaconis width of 553, made 1000: one bar holds both.
    expect(side.lengths.output).toMatchObject({
      min: 0,
      max: 1000,
      width: 1000,
      n: 2,
      mean: 351.5,
      counts: [2],
    });
  });

  it("keeps the top 20 topics and sums the rest into Other topics", () => {
    const topics = ["t01", "t01", "t01", "t02", "t02"];
    for (let i = 3; i <= 25; i++) topics.push(`t${String(i).padStart(2, "0")}`);
    const side = analyseSide(
      topics.map((topic) => record({ topic })),
      groupOf,
    );
    expect(side.topics).toHaveLength(21);
    expect(side.topics.slice(0, 3)).toEqual([
      { label: "t01", count: 3 },
      { label: "t02", count: 2 },
      { label: "t03", count: 1 },
    ]);
    expect(side.topics[19]).toEqual({ label: "t20", count: 1 });
    expect(side.topics[20]).toEqual({ label: "Other topics", count: 5 });
  });

  it("lists every group and difficulty even with no records", () => {
    const side = analyseSide([], groupOf);
    expect(side.viewGroups.map((c) => c.count)).toEqual([0, 0, 0, 0]);
    expect(side.difficulty.map((c) => c.label)).toEqual(["1", "2", "3", "4", "5", "unknown"]);
    expect(side.categories.map((c) => c.count)).toEqual([0, 0, 0, 0]);
    expect(side.lengths.instruction.n).toBe(0);
    expect(side.lengths.output).toBeNull();
  });
});

describe("rougeToSeeds", () => {
  const seeds = [
    record({ instruction: "Explain the mechanism of action of aspirin." }),
    record({ instruction: "List the side effects of metformin." }),
  ];
  const generated = [
    record({ instruction: "Explain the mechanism of action of aspirin." }), // identical to a seed: 1
    record({ instruction: "Zzz qqq." }), // no token shared: 0
    record({ instruction: "Zzz qqq." }), // generated records are not compared with one another: still 0
    // 6 tokens against the second seed's 6, LCS 5: P = R = 5/6
    record({ instruction: "List the side effects of insulin." }),
    // 2 tokens against the first seed's 7, LCS 1 ("aspirin"): F = 2 (1/2)(1/7) / (1/2 + 1/7) = 2/9
    record({ instruction: "Describe aspirin." }),
  ];

  it("is each generated instruction's best ROUGE-L F1 against the seeds alone", () => {
    const scores = rougeToSeeds(seeds, generated);
    expect(scores).toHaveLength(5);
    expect(scores[0]).toBe(1);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBe(0);
    expect(scores[3]).toBeCloseTo(5 / 6, 12);
    expect(scores[4]).toBeCloseTo(2 / 9, 12);
  });

  it("is histogrammed inside 0..1 with bins from the data by analyseJob, with both sides analysed", () => {
    const job = analyseJob(seeds, generated, groupOf);
    expect(job.version).toBe(1);
    expect(job.seeds.n).toBe(2);
    expect(job.generated.n).toBe(5);
    const h = job.rougeToSeeds;
    // 0, 0, 0.222, 0.833, 1: IQR 0.833 gives a width of 0.97, made 1: the whole of [0, 1] in one bar.
    expect(h).toMatchObject({ min: 0, max: 1, width: 1, n: 5, counts: [5] });
    expect(h.median).toBeCloseTo(2 / 9, 12);
  });
});
