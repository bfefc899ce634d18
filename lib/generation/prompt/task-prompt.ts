import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";
import { type PromptSeed, renderSeedBlock } from "./seed-block";

// The task-generation request (PIPELINE.md section 2): a system message with the objective, a user message
// with the requirements and the sampled seeds as numbered blocks, ending with the opening of the first new
// block so the model continues the list. Templates are editable by admins; the block format is not.

export type TaskTemplate = { system: string; user: string };

/** Bump when DEFAULT_TASK_TEMPLATE's wording changes, so a run records which default it used. */
export const DEFAULT_TASK_TEMPLATE_VERSION = 2;

/** Version 1 of the built-in default: it softened AlpaCare's input length rule to "usually". */
export const TASK_TEMPLATE_V1: TaskTemplate = {
  system:
    "You write instruction-tuning data for medical language models. You are a careful clinician and " +
    "medical educator: the tasks you write are realistic, medically accurate and varied, and you follow " +
    "the requested block format exactly.",
  user: `Write {{count}} new, diverse tasks in the medical domain. A language model will be asked to carry out each task, and its answers will be judged, so every task must make sense on its own.

Requirements:
1. Medical domain only: clinical care, basic and applied medical science, pharmacology, nursing, public health, medical ethics and education.
2. Vary the point of view (View): medical experts such as physicians, nurses, pharmacists or radiologists; medical students and residents; patients and their families.
3. Cover a wide range of topics (Topic): many specialties, conditions, tests, treatments and settings.
4. Vary the format. Use each of these types (Type), and make sure every one of them appears at least once: {{types}}.
5. Give every task a difficulty (Difficulty) from 1 to 5: 1 is a basic fact, 3 a practical real-world situation, 5 expert knowledge applied to an intricate, ambiguous case. Spread the tasks across the levels.
6. Vary the wording: mix questions with imperative instructions and do not begin them all the same way.
7. If the instruction is complete on its own, write <noinput> as the Input.
8. Otherwise the Input holds the material the instruction works on (a patient case, a clinical note, lab results, a conversation, a passage to rewrite or summarise), written out in full with concrete medical details, usually 50 to 200 words. Never use the Input to ask for information or to tell the reader to provide something.
9. For USMLE style and multiple-choice tasks, put the question and all of its answer options in the Input. A USMLE style question is a clinical vignette of more than 50 words.
10. Match the language to the point of view: patients and families write simply, in the first person; clinicians and students use professional terminology.
11. Make the Input lengths clearly differ from one task to the next.
12. Every task follows the structure of the examples exactly: a ### line, then the numbered Type line, then Topic, View, Difficulty, Instruction and Input, each on its own line.

Here are examples. Continue the list with tasks {{first}} to {{last}}, one block each.

{{seed_blocks}}`,
};

// Version 2 keeps AlpaCare's rule as written: the input MUST range from 50 to 200 words. Everything else is
// version 1 word for word.
const V1_INPUT_LENGTH = "written out in full with concrete medical details, usually 50 to 200 words.";
const V2_INPUT_LENGTH =
  "written out in full with concrete medical details. The Input must range from 50 to 200 words.";
if (!TASK_TEMPLATE_V1.user.includes(V1_INPUT_LENGTH))
  throw new Error("task template v1: length rule not found");
export const DEFAULT_TASK_TEMPLATE: TaskTemplate = {
  system: TASK_TEMPLATE_V1.system,
  user: TASK_TEMPLATE_V1.user.replace(V1_INPUT_LENGTH, V2_INPUT_LENGTH),
};

/** Every built-in default, oldest first. */
export const BUILT_IN_TASK_TEMPLATES = [TASK_TEMPLATE_V1, DEFAULT_TASK_TEMPLATE] as const;

export const TEMPLATE_PLACEHOLDERS = [
  { name: "count", token: "{{count}}", description: "how many new tasks one request asks for" },
  { name: "first", token: "{{first}}", description: "the number of the first new task" },
  { name: "last", token: "{{last}}", description: "the number of the last new task" },
  { name: "types", token: "{{types}}", description: "the task types, comma-separated" },
  {
    name: "seed_blocks",
    token: "{{seed_blocks}}",
    description: "the sampled seed tasks as numbered blocks; user template only, at its end",
  },
] as const;

type PlaceholderName = (typeof TEMPLATE_PLACEHOLDERS)[number]["name"];

/** Long enough for any sensible prompt, short enough to leave the context window to the answer. */
export const TEMPLATE_MAX_CHARS = 20_000;

// Spaces inside the braces are tolerated ("{{ count }}"): people type them, and nothing else reads "{{".
const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_PLACEHOLDERS.map((p) => p.name));

/** Problems a person can fix in the template editor; empty when the template can be used. */
export function validateTaskTemplate(t: TaskTemplate): string[] {
  const problems: string[] = [];
  if (!t.system.trim()) problems.push("The system message is empty: say what the model is asked to do.");
  if (!t.user.trim()) problems.push("The user template is empty.");
  for (const [label, text] of [
    ["system message", t.system],
    ["user template", t.user],
  ] as const) {
    if (text.length > TEMPLATE_MAX_CHARS) {
      problems.push(
        `The ${label} is ${text.length.toLocaleString("en-US")} characters long; keep it under ${TEMPLATE_MAX_CHARS.toLocaleString("en-US")}.`,
      );
    }
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (!KNOWN.has(name as string)) {
        problems.push(
          `The ${label} contains an unknown placeholder {{${name}}}. Use one of: ${TEMPLATE_PLACEHOLDERS.map((p) => p.token).join(", ")}.`,
        );
      }
    }
    if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER, ""))) {
      problems.push(`The ${label} has an unmatched "{{" or "}}": write placeholders as {{name}}.`);
    }
  }

  const names = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (names(t.system).includes("seed_blocks")) {
    problems.push("{{seed_blocks}} belongs in the user template, not in the system message.");
  }
  const userNames = names(t.user);
  const seedBlocks = userNames.filter((n) => n === "seed_blocks").length;
  if (seedBlocks === 0) {
    problems.push("The user template must contain {{seed_blocks}}, where the example tasks go.");
  } else if (seedBlocks > 1) {
    problems.push("The user template contains {{seed_blocks}} more than once; keep one.");
  } else if (!/\{\{\s*seed_blocks\s*\}\}\s*$/.test(t.user)) {
    problems.push(
      "Put {{seed_blocks}} at the very end of the user template: the model continues right after the examples.",
    );
  }
  if (!userNames.includes("count") && !userNames.includes("last")) {
    problems.push(
      "The user template must say how many tasks to write: include {{count}} (or {{first}} and {{last}}).",
    );
  }
  return problems;
}

export type ChatMessage = { role: "system" | "user"; content: string };

export type TaskPrompt = {
  messages: ChatMessage[];
  /** number of the first new block (seeds are 1..k) */
  firstNumber: number;
  /** number of the last block asked for */
  lastNumber: number;
  /** the header of the block after the last requested one */
  stop: string[];
};

/**
 * The request for `count` new tasks continuing `seeds`. Throws on a template validateTaskTemplate refuses:
 * the editor validates before saving, so reaching this with a bad template is a bug, not user input.
 */
export function buildTaskPrompt(template: TaskTemplate, seeds: PromptSeed[], count: number): TaskPrompt {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`count must be a whole number of at least 1 (got ${count}).`);
  }
  const problems = validateTaskTemplate(template);
  if (problems.length) throw new Error(`Invalid task template: ${problems.join(" ")}`);

  const firstNumber = seeds.length + 1;
  const lastNumber = seeds.length + count;
  const values: Record<PlaceholderName, string> = {
    count: String(count),
    first: String(firstNumber),
    last: String(lastNumber),
    types: CANONICAL_TASK_TYPES.join(", "),
    seed_blocks: seeds.map((seed, i) => renderSeedBlock(seed, i + 1)).join("\n"),
  };
  // One pass over the template, so text inside a seed ("{{count}}" in an instruction) is never substituted.
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: PlaceholderName) => values[name]);
  const user = `${fill(template.user).trimEnd()}\n###\n${firstNumber}. Type:`;
  return {
    messages: [
      { role: "system", content: fill(template.system).trim() },
      { role: "user", content: user },
    ],
    firstNumber,
    lastNumber,
    // The whole header, not the bare "16." the original used: that also cut a dose such as "16.5 mg".
    // Seeds take numbers 1..k, so the block after the last requested one is k + count + 1 (the original
    // forgot the k and got k fewer tasks back).
    stop: [`${lastNumber + 1}. Type:`],
  };
}

/**
 * Room for `count` tasks. A task is about 350 tokens at most: ~40 for the Type/Topic/View/Difficulty lines
 * and labels, ~50 for the instruction, and up to ~260 for a 200-word input (English medical text runs at
 * about 1.3 tokens a word). 120 more cover a preamble or the model's closing line. The original's fixed
 * 500 tokens cut requests for 12 tasks short after two or three.
 */
export function maxTokensForTasks(count: number): number {
  return 120 + count * 350;
}

export type Decoding = {
  temperature: number;
  topP: number;
  presencePenalty: number;
  frequencyPenalty: number;
};

/** The original's decoding settings (AlpaCare, after Alpaca): high presence penalty for varied tasks. */
export const DEFAULT_DECODING: Readonly<Decoding> = {
  temperature: 1,
  topP: 1,
  presencePenalty: 1.5,
  frequencyPenalty: 0,
};
