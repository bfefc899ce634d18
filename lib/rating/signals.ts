import { canonicalTaskType } from "@/lib/model/task-types";
import { rougeLF1 } from "@/lib/rouge/score";
import { type LanguageCheck, languageMismatch } from "./language";
import { matchPhrases, type PhraseMatches } from "./refusals";

// Cheap signals stored beside every generated record, no LLM needed: they find the obvious failures
// (refusals, copies of the instruction, multiple-choice answers without a stated choice, a reply in another
// language) and give the rater's scores something to be compared with.

export type RecordForSignals = {
  instruction: string;
  input?: string;
  output: string;
  taskType?: string | null;
};

export type Signals = {
  /** whitespace-separated words and Unicode characters of the response */
  words: number;
  chars: number;
  phrases: PhraseMatches;
  /** ROUGE-L F1 of the response against the instruction: near 1 when the response copies the instruction */
  rougeLInstruction: number;
  /** the task is multiple choice (by its type, or options A and B in its text) */
  multipleChoice: boolean;
  /** a multiple-choice task whose response never says "The answer is" (AlpaCare's answer line) */
  missingAnswerLine: boolean;
  language: LanguageCheck;
};

export function responseSignals(record: RecordForSignals): Signals {
  const output = record.output;
  const input = record.input?.trim() === "<noinput>" ? "" : (record.input ?? "");
  const multipleChoice = isMultipleChoice({ ...record, input });
  return {
    words: output.match(/\S+/g)?.length ?? 0,
    chars: [...output].length,
    phrases: matchPhrases(output),
    rougeLInstruction: rougeLF1(output, record.instruction),
    multipleChoice,
    missingAnswerLine: multipleChoice && !hasAnswerLine(output),
    language: languageMismatch(`${record.instruction}\n${input}`.trim(), output),
  };
}

const MC_TYPES = new Set(["Multiple-choice Q&A", "USMLE style Q&A"]);
// Option markers: "A)", "(A)", "a)", "(a)" anywhere; "A." or "A:" at the start of a line.
const OPTION = /(?:^|[\s,;:])\(?([A-Ea-e])\)\s*\S|^\s*([A-E])[.:]\s+\S/gm;

/** Multiple choice by its task type, or by options (at least A and B) in its instruction and input. */
export function isMultipleChoice(task: {
  instruction: string;
  input?: string;
  taskType?: string | null;
}): boolean {
  const type = task.taskType ? canonicalTaskType(task.taskType) : null;
  if (type && MC_TYPES.has(type)) return true;
  const letters = new Set(
    [...`${task.instruction}\n${task.input ?? ""}`.matchAll(OPTION)].map((m) =>
      (m[1] ?? m[2] ?? "").toUpperCase(),
    ),
  );
  return letters.has("A") && letters.has("B");
}

/** "The answer is (B).", "the answer is: B" and the like: AlpaCare's machine-checkable answer line. */
export function hasAnswerLine(response: string): boolean {
  return /\bthe\s+answer\s+is\b/i.test(response);
}
