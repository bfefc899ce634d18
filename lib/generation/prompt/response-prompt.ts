import type { ChatMessage } from "./task-prompt";

// The answer request for one kept task (PIPELINE.md section 4): the task alone, under a system prompt that
// casts the model as a medical expert. AlpaCare's outputs end multiple-choice answers with a fixed
// sentence, which keeps them machine-checkable; the system prompt asks for the same.

/** Version 1 of the built-in default (jobs made before version 2 keep it; see lib/generation/prompts.ts). */
export const RESPONSE_SYSTEM_V1 =
  "You are a medical expert answering medical tasks. Give accurate, safe and concise answers grounded in " +
  "current clinical evidence and guidelines; say so when information is missing or a clinician should be " +
  "consulted. For a multiple-choice question, explain briefly, then end with exactly one line of the form " +
  '"The answer is (X)." where X is the letter of the correct option.';

// Version 2 adds AlpaCare's rules, read from its released code: a multiple-choice answer reasons step by step
// before its final line, which names the letter AND the option ("The answer is D) Leg."); no other task uses
// that line.
export const DEFAULT_RESPONSE_SYSTEM =
  "You are a medical expert answering medical tasks. Give accurate, safe and concise answers grounded in " +
  "current clinical evidence and guidelines; say so when information is missing or a clinician should be " +
  "consulted. If the task is a multiple-choice question, reason step by step before giving the final " +
  'answer, then end with exactly one line of the form "The answer is X) option", for example ' +
  '"The answer is D) Leg.". Do not use that format for any other kind of task.';

/** Every built-in default, oldest first: a store whose latest version is an older one moves to the last. */
export const BUILT_IN_RESPONSE_SYSTEMS = [RESPONSE_SYSTEM_V1, DEFAULT_RESPONSE_SYSTEM] as const;

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
