import type { PhiCategory } from "../categories";

/**
 * A candidate finding. Where candidates overlap, the higher `rank` wins, then the longer span: an
 * identifier named by its cue ("MRN: 123-45-6789") beats the shape it happens to have (an SSN), and a
 * URL or email beats the name or number inside it.
 */
export type Span = { start: number; end: number; category: PhiCategory; rank: number };

export const RANK = { cue: 4, container: 3, shape: 2, name: 1 } as const;

/** Every match of a global regex, as [match, index] pairs, with a fresh lastIndex each call. */
export function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield m;
    if (m[0] === "") re.lastIndex++;
  }
}

/** The span of capture group `group` (needs the regex's `d` flag). */
export function groupSpan(m: RegExpExecArray, group: number | string): [number, number] | null {
  const at = typeof group === "number" ? m.indices?.[group] : m.indices?.groups?.[group];
  return at ? [at[0], at[1]] : null;
}

/** Number of ASCII digits in a string. */
export function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Luhn checksum over the digits of `s` (separators ignored). */
export function luhnValid(s: string): boolean {
  const digits = s.replace(/\D/g, "");
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}
