// Stanford Alpaca's heuristic filters on a generated instruction (PIPELINE.md section 3). AlpaCare dropped
// them; here each one can be switched off, and all are on by default. Applied in Alpaca's order, so the
// reason reported is the one Alpaca would have hit first.
//
// Where this differs from Alpaca's post_process_gpt3_response, on purpose:
// - length: filter version 1 kept 3..150 words (a three-word instruction passed); version 2, the current
//   one, matches Alpaca and Self-Instruct: `len(inst.split()) <= 3` is discarded, 4..150 kept. A job records
//   the version it was made with (settings.filterVersion; absent = 1), so an existing job keeps its filter.
// - "go to" matches any run of whitespace between the words, not exactly one space.
// - "Write a program" is matched in any case (Alpaca: exact case only).
// Word splitting follows Python's str.split() (runs of Unicode whitespace), and the blacklist's word
// boundaries follow Python 3's re module, where letters and digits of every script are word characters:
// "imagerie" or "mapé" is not a hit (JavaScript's ASCII-only \b would call "mapé" one).

export const FILTERS = ["length", "blacklist", "program", "first_char"] as const;
export type FilterName = (typeof FILTERS)[number];

export const DEFAULT_FILTERS: Record<FilterName, boolean> = {
  length: true,
  blacklist: true,
  program: true,
  first_char: true,
};

/** The filter version new jobs get. */
export const FILTER_VERSION = 2;

/** Instruction words kept, by filter version. */
export const INSTRUCTION_WORDS_BY_VERSION: Record<number, { min: number; max: number }> = {
  1: { min: 3, max: 150 },
  2: { min: 4, max: 150 },
};
export const INSTRUCTION_WORDS = INSTRUCTION_WORDS_BY_VERSION[FILTER_VERSION] as { min: number; max: number };

/** Things a text-only model cannot see, make or open (Alpaca's list). */
export const BLACKLIST = [
  "image",
  "images",
  "graph",
  "graphs",
  "picture",
  "pictures",
  "file",
  "files",
  "map",
  "maps",
  "draw",
  "plot",
  "go to",
  "video",
  "audio",
  "music",
  "flowchart",
  "diagram",
] as const;

const BLACKLIST_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:${BLACKLIST.map((w) => w.replace(" ", "\\s+")).join("|")})(?![\\p{L}\\p{N}_])`,
  "iu",
);

// Python's str.split() separators exactly (JavaScript's \s lacks U+001C-U+001F and U+0085, adds U+FEFF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the separators U+001C-U+001F are the point
const PYTHON_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

// Python's string.punctuation: the 32 ASCII punctuation characters.
const ASCII_PUNCTUATION = /^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

export type FilterHit = { reason: FilterName; detail: string };

/** The first enabled filter the instruction fails, or null when it passes them all. */
export function filterTask(
  instruction: string,
  enabled: Record<FilterName, boolean>,
  version: number = FILTER_VERSION,
): FilterHit | null {
  const text = instruction.trim();
  if (enabled.length) {
    const words = text.split(PYTHON_WHITESPACE).filter(Boolean).length;
    const limits = INSTRUCTION_WORDS_BY_VERSION[version] ?? INSTRUCTION_WORDS;
    if (words < limits.min || words > limits.max) {
      return {
        reason: "length",
        detail: `The instruction has ${words} ${words === 1 ? "word" : "words"}; it must have ${limits.min} to ${limits.max}.`,
      };
    }
  }
  if (enabled.blacklist) {
    const hit = BLACKLIST_PATTERN.exec(text);
    if (hit) {
      return {
        reason: "blacklist",
        detail: `The instruction mentions "${hit[0]}", which a text-only model cannot see or produce.`,
      };
    }
  }
  if (enabled.program && /^write a program/i.test(text)) {
    return { reason: "program", detail: 'The instruction starts with "Write a program".' };
  }
  if (enabled.first_char && text) {
    const code = text.codePointAt(0) as number;
    const first = String.fromCodePoint(code);
    if (ASCII_PUNCTUATION.test(first) || code > 0x7f) {
      return {
        reason: "first_char",
        detail: `The instruction starts with "${first}"; it must start with a letter or digit.`,
      };
    }
  }
  return null;
}
