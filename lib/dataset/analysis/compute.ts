import {
  type AnalysisRecord,
  type Count,
  type Histogram,
  type JobAnalysis,
  OTHER_TOPICS,
  type SideAnalysis,
  type TaskCategory,
  TOP_TOPICS,
  type ViewGroupName,
} from "@/lib/dataset/types";
import { canonicalTaskType } from "@/lib/model/task-types";
import { BestMatchIndex } from "@/lib/rouge/best-match";
import { type Bins, chooseBins } from "./bins";
import { TASK_CATEGORIES, taskCategory } from "./categories";
import { byCount, verbObjectSummary } from "./verb-object";

const NO_LABEL = "(none)";
const UNGROUPED = "Ungrouped";
const VIEW_GROUPS: readonly (ViewGroupName | typeof UNGROUPED)[] = [
  "PATIENT_PUBLIC",
  "TRAINEE",
  "PROFESSIONAL",
  UNGROUPED,
];
const DIFFICULTY_LABELS = ["1", "2", "3", "4", "5", "unknown"] as const;
/** Equal-width bins over [min, max); values below min go in the first bin, max and above in the last. */
export function histogram(values: number[], opts: Bins): Histogram {
  const { min, max, bins } = opts;
  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  let sum = 0;
  for (const v of values) {
    // (v - min) * bins / span rather than (v - min) / width: a width like 0.05 is inexact, and dividing by
    // it puts values on a bin edge (0.15) in the bin below.
    const bin = Math.floor(((v - min) * bins) / span);
    const at = bin > 0 ? Math.min(bin, bins - 1) : 0;
    counts[at] = (counts[at] as number) + 1;
    sum += v;
  }
  const n = values.length;
  return { min, max, width: span / bins, counts, n, mean: n ? sum / n : null, median: median(values) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Words as whitespace-separated tokens; a "<noinput>" placeholder has none. */
export function wordCount(text: string): number {
  if (text.trim().toLowerCase() === "<noinput>") return 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(text[i] as string));
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

function tally(labels: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

const sortedCounts = (counts: Map<string, number>): Count[] =>
  [...counts].map(([label, count]) => ({ label, count })).sort(byCount);

/** Counts in a fixed order of labels, zeros included, so charts of different jobs line up. */
const fixedCounts = (labels: readonly string[], counts: Map<string, number>): Count[] =>
  labels.map((label) => ({ label, count: counts.get(label) ?? 0 }));

function typeLabel(raw: string): string {
  return canonicalTaskType(raw) ?? (raw.trim() || NO_LABEL);
}

function topTopics(records: Pick<AnalysisRecord, "topic">[]): Count[] {
  const all = sortedCounts(tally(records.map((r) => r.topic.trim() || NO_LABEL)));
  if (all.length <= TOP_TOPICS) return all;
  const rest = all.slice(TOP_TOPICS).reduce((sum, c) => sum + c.count, 0);
  return [...all.slice(0, TOP_TOPICS), { label: OTHER_TOPICS, count: rest }];
}

function difficultyLabel(d: number | null): string {
  return d !== null && Number.isInteger(d) && d >= 1 && d <= 5 ? String(d) : "unknown";
}

export type Distributions = Pick<
  SideAnalysis,
  "types" | "topics" | "viewGroups" | "difficulty" | "categories"
>;

/**
 * How records spread over task type, topic (top 20), view group, difficulty and BioInstruct category: the
 * analysis shows them for seeds and generated records, a release states them for what it holds.
 */
export function distributions(
  records: Pick<AnalysisRecord, "taskType" | "topic" | "view" | "difficulty">[],
  viewGroupOf: (view: string) => ViewGroupName | null,
): Distributions {
  // Views repeat a lot and the resolver may do work per call: resolve each distinct view once.
  const groupOfView = new Map<string, string>();
  const viewGroup = (view: string) => {
    let group = groupOfView.get(view);
    if (group === undefined) {
      group = viewGroupOf(view) ?? UNGROUPED;
      groupOfView.set(view, group);
    }
    return group;
  };
  const categories = tally(records.map((r): TaskCategory => taskCategory(r.taskType)));
  return {
    types: sortedCounts(tally(records.map((r) => typeLabel(r.taskType)))),
    topics: topTopics(records),
    // All four groups, zeros included, most common first.
    viewGroups: fixedCounts(VIEW_GROUPS, tally(records.map((r) => viewGroup(r.view)))).sort(byCount),
    difficulty: fixedCounts(DIFFICULTY_LABELS, tally(records.map((r) => difficultyLabel(r.difficulty)))),
    categories: fixedCounts(TASK_CATEGORIES, categories),
  };
}

type LengthBins = { instruction: Bins; input: Bins; output: Bins };
type Lengths = { instruction: number[]; input: number[]; output: number[] };

const lengthsOf = (records: AnalysisRecord[]): Lengths => ({
  instruction: records.map((r) => wordCount(r.instruction)),
  input: records.map((r) => wordCount(r.input)),
  output: records.flatMap((r) => (r.output === null ? [] : [wordCount(r.output)])),
});

const lengthBins = (l: Lengths): LengthBins => ({
  instruction: chooseBins(l.instruction, { integer: true }),
  input: chooseBins(l.input, { integer: true }),
  output: chooseBins(l.output, { integer: true }),
});

/** One side's analysis; `bins` shared with the other side makes their length histograms comparable. */
export function analyseSide(
  records: AnalysisRecord[],
  viewGroupOf: (view: string) => ViewGroupName | null,
  bins?: LengthBins,
): SideAnalysis {
  const lengths = lengthsOf(records);
  const b = bins ?? lengthBins(lengths);
  return {
    n: records.length,
    verbs: verbObjectSummary(records.map((r) => r.instruction)),
    ...distributions(records, viewGroupOf),
    lengths: {
      instruction: histogram(lengths.instruction, b.instruction),
      input: histogram(lengths.input, b.input),
      // Seeds have no responses: no histogram rather than one of nothing.
      output: lengths.output.length ? histogram(lengths.output, b.output) : null,
    },
  };
}

/** Each generated instruction's highest ROUGE-L F1 against the seed instructions (0 when none shares a token). */
export function rougeToSeeds(seeds: AnalysisRecord[], generated: AnalysisRecord[]): number[] {
  const index = new BestMatchIndex();
  for (const s of seeds) index.add(s.instruction);
  return generated.map((g) => index.best(g.instruction)?.score ?? 0);
}

export function analyseJob(
  seeds: AnalysisRecord[],
  generated: AnalysisRecord[],
  viewGroupOf: (view: string) => ViewGroupName | null,
): Omit<JobAnalysis, "computedAt" | "durationMs"> {
  // Bins from both sides together, so the seeds' and the output's histograms line up bar for bar.
  const both = lengthsOf([...seeds, ...generated]);
  const bins = lengthBins(both);
  const rouge = rougeToSeeds(seeds, generated);
  return {
    version: 1,
    seeds: analyseSide(seeds, viewGroupOf, bins),
    generated: analyseSide(generated, viewGroupOf, bins),
    rougeToSeeds: histogram(rouge, chooseBins(rouge, { domain: [0, 1] })),
  };
}
