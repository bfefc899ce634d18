import { z } from "zod";

// Whole numbers as JSON sends them (3) or as forms and query strings send them ("3"): plain decimal digits
// and nothing else. JavaScript's Number() (and so z.coerce.number) reads "0x3", "3e0", " 4 " and "+4" as
// numbers too; a value nobody meant to send that way is refused with a message, never guessed at.

const DIGITS = /^[0-9]+$/;

/** "3" becomes 3; any other string is left as it is, for z.number() to refuse (a string is not a number). */
export const fromDigits = (v: unknown): unknown => (typeof v === "string" && DIGITS.test(v) ? Number(v) : v);

/** A whole number from `min` to `max`, as a JSON number or a string of plain decimal digits. */
export function wholeNumber({ min, max, message }: { min: number; max?: number; message: string }) {
  const n = z.number({ error: message }).int({ error: message }).min(min, { error: message });
  return z.preprocess(fromDigits, max === undefined ? n : n.max(max, { error: message }));
}

// Settings forms (generation, rating): fields arrive as strings ("" for empty), the API and CLI send numbers.
// Decimals are allowed here (a budget, a temperature), so Number() reads the string; its labels name the field.

/** A number from `min` to `max`; the messages name the field by `label`. */
export const labelledNumber = (min: number, max: number, label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z
      .number({ error: `${label}: enter a number` })
      .min(min, { error: `${label}: at least ${min}` })
      .max(max, { error: `${label}: at most ${max}` }),
  );

/** A whole number from `min` to `max`, labelled as labelledNumber. */
export const labelledInt = (min: number, max: number, label: string) =>
  labelledNumber(min, max, label).pipe(z.number().int({ error: `${label}: a whole number` }));

/** A field that may be left empty ("" or null from a form): undefined then. */
export const optionalNumber = (schema: z.ZodType<number | undefined>) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
