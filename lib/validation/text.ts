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
