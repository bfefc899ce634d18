import { z } from "zod";

// Text PostgreSQL cannot store, or can store only by changing it: a NUL (U+0000) is refused by the
// database (an error, not a message), and half a surrogate pair has no UTF-8 form, so the driver would
// silently write U+FFFD in its place. Both are refused where input enters (lib/auth/guard.ts parseInput,
// the route wrapper's query and path parameters, the importer), with the field named.
//
// Text is otherwise stored as sent: no Unicode normalisation (NFC) of free text, so an instruction keeps
// the exact code points its author or source file gave (content hashes, exports and round trips depend on
// them). Vocabulary values are the exception: they are NFKC-normalised (lib/model/vocabulary.ts).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** What is wrong with this text for storing, as words for a person; null when nothing is. */
export function textProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (U+0000): remove it";
  const lone = LONE_SURROGATE.exec(value);
  if (lone)
    return `contains half of a UTF-16 surrogate pair (${hex(lone[0])}), which is not valid Unicode text: send the whole character`;
  return null;
}

export type TextIssue = { path: (string | number)[]; message: string };

/**
 * The first string (or object key) anywhere in a parsed input that cannot be stored, with where it is.
 * Walks plain objects and arrays; other values (numbers, files, dates) are left to the schema.
 */
export function findTextIssue(value: unknown, path: (string | number)[] = []): TextIssue | null {
  if (typeof value === "string") {
    const message = textProblem(value);
    return message ? { path, message } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const issue = findTextIssue(item, [...path, i]);
      if (issue) return issue;
    }
    return null;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path, message: `has a field name that ${keyProblem}` };
      const issue = findTextIssue(item, [...path, key]);
      if (issue) return issue;
    }
  }
  return null;
}

/** A string that can be stored, for schemas used outside parseInput (the pages' URL filters). */
export const storableText = () =>
  z.string().superRefine((value, ctx) => {
    const message = textProblem(value);
    if (message) ctx.addIssue({ code: "custom", message: `This text ${message}` });
  });

/** What a page's search box searches by at most (characters). */
export const SEARCH_MAX = 200;

/** Cut to its first `max` characters (code points: a pair is never split). */
export const cutText = (value: string, max: number): string =>
  value.length <= max ? value : Array.from(value).slice(0, max).join("");

/** Cut to at most `max` characters, back to the last space when a word would be cut (a search ANDs its words, and
 *  half a word matches nothing); a text with no space in its first `max` is cut where it stands. */
export function cutAtWord(value: string, max: number): string {
  if (Array.from(value).length <= max) return value.trim();
  const cut = cutText(value, max + 1); // one more: a space there means the word before it is whole
  const space = cut.search(/\s\S*$/);
  return (space > 0 ? cut.slice(0, space) : cutText(value, max)).trim();
}

/**
 * A search box's text in a page URL: longer than `max`, it searches by its first `max` characters (a pasted
 * response finds its record by its start) rather than being dropped, which showed every record as if nothing had
 * been asked; the page says so (`searchWasCut`). Text that cannot be stored is no search.
 */
export const searchText = (max: number) =>
  storableText()
    .trim()
    .transform((v) => cutAtWord(v, max) || undefined)
    .optional()
    .catch(undefined);

/** Whether the page URL's raw search text was longer than `max` (and searched by its start). */
export function searchWasCut(raw: unknown, max: number): boolean {
  const text = Array.isArray(raw) ? raw[0] : raw;
  return typeof text === "string" && Array.from(text.trim()).length > max;
}
