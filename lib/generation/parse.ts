import { type NormalizeTagsOptions, normalizeTags, type TagFailureReason } from "./normalize-tags";

// Splits a task-generation completion into tasks (PIPELINE.md section 2). Models drift from the block
// format in many small ways, so the parser is lenient about layout and strict about content:
// - A block starts at a "###"-style separator OR at a line "N. Type:" (N any number: models restart at 1,
//   start at 4, skip numbers). Splitting on the header too means a missing "###" no longer merges the next
//   task into the previous Input (the original's most common failure). Only a line that STARTS with the
//   header counts, so "11.2 mmol/L" or "grade 4. Type 2 diabetes" inside an input never splits a block.
// - Separators are lines of ##..., ---, *** or ___ (markdown headings such as "### Task 5" included).
//   Text between a separator and the next block that has no field lines (preamble, closing remarks) is
//   ignored; a separated block without a numbered header but with field lines is parsed with number null.
// - Labels may be bold (**Instruction:**), bulleted, in any order and any case; "Task type",
//   "Point of view"/"Perspective" and "Difficulty level" are read as Type, View and Difficulty. An Output
//   field is read and discarded (the engine asks for answers separately).
// - A label repeated inside a field's value (an input quoting "View: ...") is text, not a new field. The
//   exception is a second Type line followed closely by a Topic, View or Difficulty line: that is the next
//   task with both separator and number missing (a pathology report's "Type: adenocarcinoma" is not).
// - Values keep their characters: whitespace is trimmed, nothing else (the original's strip() ate
//   "margins." into "margin"). The instruction's inner whitespace is collapsed and a trailing colon
//   dropped, as renderSeedBlock does. The input keeps its line breaks.
// - Code-fence lines (```) are dropped; Windows and old Mac line endings become "\n".

export type ParsedTaskFields = {
  type: string;
  topic: string;
  view: string;
  difficulty: number | null;
  instruction: string;
  input: string;
};

export type TaskField = "type" | "topic" | "view" | "difficulty" | "instruction" | "input";

export type ParseFailureReason =
  | `missing_field:${TaskField}`
  | "empty_instruction"
  | "truncated"
  | "beyond_requested"
  | TagFailureReason;

export type ParsedTask =
  | { ok: true; position: number; number: number | null; raw: string; task: ParsedTaskFields }
  | {
      ok: false;
      position: number;
      number: number | null;
      raw: string;
      reason: ParseFailureReason;
      detail: string;
    };

export type ParseOptions = NormalizeTagsOptions & {
  /** number of the first requested block (the prompt's last seed + 1) */
  firstNumber: number;
  /** number of the last requested block; blocks after the (last - first + 1)th are not used */
  lastNumber: number;
  /** the model stopped at its token limit, so the last block may be cut off */
  truncated: boolean;
  /** the prompt ended with "###\n{first}. Type:", so the completion starts with that block's type (default true) */
  promptEndsWithHeader?: boolean;
};

const FIELDS: readonly TaskField[] = ["type", "topic", "view", "difficulty", "instruction", "input"];
const LABEL_TEXT: Record<TaskField, string> = {
  type: "Type",
  topic: "Topic",
  view: "View",
  difficulty: "Difficulty",
  instruction: "Instruction",
  input: "Input",
};

// A label may be bold as "**Input:**", "**Input**:" or "Input:"; the backreference makes the closing
// marker required only where an opening one was read, so "Input: **Vital signs** ..." keeps its bold.
const HEADER =
  /^\s*(?:#+\s*)?(\*\*|__)?\s*(\d+)\s*\.\s*(\*\*|__)?\s*(?:task\s+)?type\s*(?:\1\3\s*:|:\s*\1\3|:)(.*)$/i;
const LABEL =
  /^\s*(?:[-*•]\s+)?(?:\d+\s*\.\s*)?(\*\*|__)?\s*(task\s+type|type|topic|point\s+of\s+view|perspective|view|difficulty\s+level|difficulty|instruction|input|output)\s*(?:\1\s*:|:\s*\1|:)(.*)$/i;
const SEPARATOR = /^\s*(?:#{2,}.*|-{3,}|\*{3,}|_{3,})\s*$/;
const FENCE = /^\s*```/;

type Key = TaskField | "output";
const KEY_OF: Record<string, Key> = {
  "task type": "type",
  type: "type",
  topic: "topic",
  "point of view": "view",
  perspective: "view",
  view: "view",
  "difficulty level": "difficulty",
  difficulty: "difficulty",
  instruction: "instruction",
  input: "input",
  output: "output",
};

function labelOf(line: string): { key: Key; rest: string } | null {
  const m = LABEL.exec(line);
  if (!m) return null;
  return { key: KEY_OF[(m[2] as string).toLowerCase().replace(/\s+/g, " ")] as Key, rest: m[3] as string };
}

/** A candidate task: its lines, and the values of its fields as lists of lines. */
type Block = { number: number | null; lines: string[]; fields: Partial<Record<Key, string[]>> };

/**
 * Cuts the text into blocks and reads their fields in one pass. Text outside any block (after a separator,
 * before a field line) is dropped.
 */
function readBlocks(text: string): Block[] {
  const lines = text.split("\n").filter((line) => !FENCE.test(line));
  const startsTask = (at: number) =>
    lines
      .slice(at + 1, at + 4)
      .some((line) => ["topic", "view", "difficulty"].includes(labelOf(line)?.key as string));
  const blocks: Block[] = [];
  let block: Block | null = null;
  let value: string[] | null = null;
  for (const [at, line] of lines.entries()) {
    const header = HEADER.exec(line);
    if (header) {
      value = [header[4] as string];
      block = { number: Number(header[2]), lines: [line], fields: { type: value } };
      blocks.push(block);
      continue;
    }
    if (SEPARATOR.test(line)) {
      block = null;
      value = null;
      continue;
    }
    const label = labelOf(line);
    if (!block || (label?.key === "type" && block.fields.type && startsTask(at))) {
      if (!label) continue;
      block = { number: null, lines: [], fields: {} };
      blocks.push(block);
    }
    block.lines.push(line);
    if (label && !block.fields[label.key]) {
      value = [label.rest];
      block.fields[label.key] = value;
    } else value?.push(line);
  }
  return blocks;
}

/**
 * Bold markers the label did not take: a value wrapped whole ("**Cardiology**") or one unpaired marker at
 * an end ("Cardiology**" when the whole line was bold). Paired bold inside a value ("**Is it** normal") stays.
 */
function unbold(value: string, markers = ["**", "__"]): string {
  let s = value.trim();
  for (const marker of markers) {
    const count = s.split(marker).length - 1;
    const starts = s.startsWith(marker);
    const ends = s.length >= 2 * marker.length && s.endsWith(marker);
    if (count === 2 && starts && ends) s = s.slice(marker.length, -marker.length).trim();
    else if (count % 2 === 1 && starts) s = s.slice(marker.length).trim();
    else if (count % 2 === 1 && ends) s = s.slice(0, -marker.length).trim();
  }
  return s;
}
const oneLine = (lines: string[] | undefined) => unbold((lines ?? []).join(" ").replace(/\s+/g, " ").trim());

// Whole values meaning "no input". "None"/"N/A" are included because models write them for <noinput> and
// they are never real material to work on; a longer text merely starting with "None" is left alone.
const NO_INPUT = /^(?:<\s*no[\s_-]*input\s*>|\(?\s*(?:no[\s_-]*input|none|n\/a|not applicable)\s*\)?\.?)$/i;

/** Only "**" is unbolded in an input: "__" there is more often a blank to fill in ("dose: ____"). */
function inputOf(lines: string[]): string {
  const text = unbold(lines.join("\n"), ["**"]);
  return NO_INPUT.test(text) ? "" : text;
}

// A closing remark appended to the last task after a blank line ("I hope these tasks...").
const CLOSING =
  /\n[ \t]*\n(?=[ \t]*(?:I hope|Hope (?:this|these)|These (?:\d+ |new |additional )?tasks|This (?:set|list)|Let me know|Feel free|(?:Please )?note:|The (?:above|tasks above)|All (?:of )?(?:these|the) tasks|Each (?:of these )?task|In summary|Overall,|I have|I've))/i;

function cutClosingRemark(lines: string[]): string[] {
  const text = lines.join("\n");
  const at = text.search(CLOSING);
  return at < 0 ? lines : text.slice(0, at).split("\n");
}

type Failure = { reason: ParseFailureReason; detail: string };

function toTask(fields: Block["fields"], options: ParseOptions): ParsedTaskFields | Failure {
  const missing = FIELDS.filter((f) => fields[f] === undefined);
  const first = missing[0];
  if (first) {
    const names = missing.map((f) => LABEL_TEXT[f]).join(", ");
    return {
      reason: `missing_field:${first}`,
      detail: `The task has no ${names} ${missing.length === 1 ? "line" : "lines"}.`,
    };
  }
  const instruction = oneLine(fields.instruction).replace(/\s*:+$/, "");
  if (!instruction) return { reason: "empty_instruction", detail: "The Instruction line is empty." };
  const tags = normalizeTags(
    {
      type: oneLine(fields.type),
      topic: oneLine(fields.topic),
      view: oneLine(fields.view),
      difficulty: oneLine(fields.difficulty),
    },
    options,
  );
  if (!tags.ok) return { reason: tags.reason, detail: tags.detail };
  return {
    type: tags.type,
    topic: tags.topic,
    view: tags.view,
    difficulty: tags.difficulty,
    instruction,
    input: inputOf(fields.input ?? []),
  };
}

export function parseTaskCompletion(text: string, options: ParseOptions): ParsedTask[] {
  const { firstNumber, lastNumber, truncated } = options;
  if (!Number.isInteger(firstNumber) || !Number.isInteger(lastNumber) || lastNumber < firstNumber) {
    throw new RangeError(
      `Expected whole numbers with firstNumber <= lastNumber (got ${firstNumber}, ${lastNumber}).`,
    );
  }
  let normalized = text.replace(/\r\n?/g, "\n");
  // The prompt's trailing "N. Type:" belongs to the first block. Chat models often start over with their
  // own "###" or header instead of continuing it; then there is nothing to put back.
  const opening = normalized.trimStart();
  const continues =
    (options.promptEndsWithHeader ?? true) &&
    !SEPARATOR.test(opening.split("\n", 1)[0] as string) &&
    !HEADER.test(opening.split("\n", 1)[0] as string);
  if (continues) normalized = `${firstNumber}. Type:${normalized}`;

  const blocks = readBlocks(normalized);
  // A chat preamble ("Sure! Here are the tasks:") reads as the continued block's type. Such a block has no
  // other field; it is dropped when blocks follow (it would take a requested slot) or when its "type" is
  // none (a refusal). A lone real type line ("Open Q&A" and nothing else) stays, as a failed task.
  const head = blocks[0];
  if (
    continues &&
    head &&
    Object.keys(head.fields).length === 1 &&
    (blocks.length > 1 ||
      !normalizeTags({ type: oneLine(head.fields.type), topic: "-", view: "-", difficulty: null }, options)
        .ok)
  ) {
    blocks.shift();
  }
  const last = blocks.at(-1);
  if (last?.fields.input) last.fields.input = cutClosingRemark(last.fields.input);

  const requested = lastNumber - firstNumber + 1;
  return blocks.map((block, position): ParsedTask => {
    const base = { position, number: block.number, raw: block.lines.join("\n").trim() };
    const failure = ({ reason, detail }: Failure): ParsedTask => ({ ok: false, ...base, reason, detail });
    // By position, not by number: numbering restarts and skips too often to be trusted.
    if (position >= requested) {
      return failure({
        reason: "beyond_requested",
        detail: `Only ${requested} ${requested === 1 ? "task was" : "tasks were"} requested; this is task ${position + 1} of the answer.`,
      });
    }
    if (truncated && position === blocks.length - 1) {
      return failure({
        reason: "truncated",
        detail: "The answer hit the token limit, so this last task may be cut off.",
      });
    }
    const task = toTask(block.fields, options);
    return "reason" in task ? failure(task) : { ok: true, ...base, task };
  });
}
