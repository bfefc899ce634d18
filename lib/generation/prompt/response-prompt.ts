import type { ChatMessage } from "./task-prompt";

// The answer request for one kept task (PIPELINE.md section 4): the task alone, under a system prompt that
// casts the model as a medical expert. AlpaCare's outputs end multiple-choice answers with a fixed
// sentence, which keeps them machine-checkable; the system prompt asks for the same.

export const DEFAULT_RESPONSE_SYSTEM =
  "You are a medical expert answering medical tasks. Give accurate, safe and concise answers grounded in " +
  "current clinical evidence and guidelines; say so when information is missing or a clinician should be " +
  "consulted. For a multiple-choice question, explain briefly, then end with exactly one line of the form " +
  '"The answer is (X)." where X is the letter of the correct option.';

/** The original's limit for one answer. */
export const RESPONSE_MAX_TOKENS = 300;

/** "<noinput>" in any case and with any spacing ("< NoInput >"), as seeds and models write it. */
const isNoInput = (input: string) => input.replace(/\s+/g, "").toLowerCase() === "<noinput>";

export function buildResponseMessages(
  system: string,
  task: { instruction: string; input: string },
): ChatMessage[] {
  const instruction = task.instruction.trim();
  const input = task.input.trim();
  const content = input && !isNoInput(input) ? `${instruction}\n\n${input}` : instruction;
  return [
    { role: "system", content: system },
    { role: "user", content },
  ];
}
