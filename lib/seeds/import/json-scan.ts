import type { Pacer } from "./pacer";

// A strict JSON syntax scanner. JSON.parse does the real parsing; this finds what it cannot tell us: the
// line each top-level array element starts on, and where a malformed file goes wrong (V8's messages often
// omit the position, e.g. `Unexpected token 'b', "..." is not valid JSON`). It also gives where each element
// starts and ends, so that a big file can be parsed element by element with pauses in between (one
// JSON.parse of 50 MB holds the event loop for a quarter of a second or more).

export type JsonScan = {
  /** line of each element of a top-level array (empty when the top level is not an array) */
  elementLines: number[];
  /** offsets of each element's first character and of the character after it */
  elementStarts: number[];
  elementEnds: number[];
  error: { line: number; column: number; message: string } | null;
};

// The paced scanner pauses at most every this many characters (a few milliseconds of scanning).
const STRETCH = 1 << 16;

export function scanJson(text: string): JsonScan {
  const steps = scanSteps(text);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** scanJson, pausing for the event loop (progress: characters scanned). */
export async function scanJsonPaced(text: string, pacer: Pacer): Promise<JsonScan> {
  const steps = scanSteps(text);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (pacer.due()) await pacer.pause(next.value);
  }
}

// Scanner states: what may come next.
const S = { Value: 0, ValueOrClose: 1, Key: 2, KeyOrClose: 3, Colon: 4, CommaOrClose: 5, End: 6 } as const;
type State = (typeof S)[keyof typeof S];

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Yields the position reached every STRETCH characters; returns the scan. */
function* scanSteps(text: string): Generator<number, JsonScan> {
  const elementLines: number[] = [];
  const elementStarts: number[] = [];
  const elementEnds: number[] = [];
  const stack: number[] = []; // char codes of the open brackets
  let state: State = S.Value;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const fail = (at: number, message: string): JsonScan => {
    // `line` is current for `i`; recount only when the error points back before the current line.
    let l = line;
    let start = lineStart;
    if (at < lineStart) {
      l = 1;
      start = 0;
      for (let k = 0; k < at; k++) {
        if (text.charCodeAt(k) === 10) {
          l++;
          start = k + 1;
        }
      }
    }
    return { elementLines, elementStarts, elementEnds, error: { line: l, column: at - start + 1, message } };
  };
  const afterValue = () => {
    if (stack.length === 1 && stack[0] === 91) elementEnds.push(i);
    state = stack.length ? S.CommaOrClose : S.End;
  };

  let pauseAt = STRETCH;
  while (i < text.length) {
    if (i >= pauseAt) {
      pauseAt = i + STRETCH;
      yield i;
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const ch = text[i] as string;
    // `as State`: afterValue() changes `state` behind TypeScript's narrowing.
    switch (state as State) {
      case S.Value:
      case S.ValueOrClose: {
        if (ch === "]" && state === S.ValueOrClose) {
          stack.pop();
          i++;
          afterValue();
          break;
        }
        if (stack.length === 1 && stack[0] === 91) {
          elementLines.push(line);
          elementStarts.push(i);
        }
        if (ch === "{" || ch === "[") {
          stack.push(c);
          state = ch === "{" ? S.KeyOrClose : S.ValueOrClose;
          i++;
        } else if (ch === '"') {
          const end = scanString(text, i);
          if (typeof end === "string") return fail(i, end);
          i = end;
          afterValue();
        } else if (ch === "-" || (c >= 48 && c <= 57)) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return fail(i, "Malformed number");
          i = NUMBER.lastIndex;
          afterValue();
        } else if (text.startsWith("true", i) || text.startsWith("null", i)) {
          i += 4;
          afterValue();
        } else if (text.startsWith("false", i)) {
          i += 5;
          afterValue();
        } else if (ch === "]" || ch === "}") {
          return fail(i, `Unexpected "${ch}": a comma before it is followed by no value (trailing comma?)`);
        } else {
          return fail(i, `Unexpected "${ch}" where a value should be (text must be in double quotes)`);
        }
        break;
      }
      case S.Key:
      case S.KeyOrClose: {
        if (ch === "}" && state === S.KeyOrClose) {
          stack.pop();
          i++;
          afterValue();
        } else if (ch === '"') {
          const end = scanString(text, i);
          if (typeof end === "string") return fail(i, end);
          i = end;
          state = S.Colon;
        } else if (ch === "}") {
          return fail(i, 'Unexpected "}" after a comma (trailing comma?)');
        } else {
          return fail(i, `Expected a double-quoted property name, found "${ch}"`);
        }
        break;
      }
      case S.Colon:
        if (ch !== ":") return fail(i, `Expected ":" after the property name, found "${ch}"`);
        i++;
        state = S.Value;
        break;
      case S.CommaOrClose: {
        const open = stack.at(-1);
        if (ch === ",") {
          i++;
          state = open === 91 ? S.Value : S.Key;
        } else if ((ch === "]" && open === 91) || (ch === "}" && open === 123)) {
          stack.pop();
          i++;
          afterValue();
        } else {
          const what = open === 91 ? 'between array elements, or "]"' : 'between properties, or "}"';
          return fail(i, `Expected "," ${what}; found "${ch}" (missing comma?)`);
        }
        break;
      }
      case S.End:
        return fail(i, `Unexpected "${ch}" after the end of the JSON data`);
    }
  }
  if ((state as State) !== S.End) {
    return fail(text.length, 'The JSON ends before it is complete (a missing "]", "}" or quote?)');
  }
  return { elementLines, elementStarts, elementEnds, error: null };
}

/** Index after the closing quote, or a message when the string is malformed. */
function scanString(text: string, start: number): number | string {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return "A text value contains a raw line break or control character (write it as \\n)";
    if (c === 92) {
      const e = text[i + 1] ?? "";
      if (e === "u") {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) return "Malformed \\u escape in a text value";
        i += 5;
      } else if (ESCAPES.has(e)) i++;
      else return `Invalid escape "\\${e}" in a text value`;
    }
  }
  return "A text value starting here is never closed (missing quote)";
}
