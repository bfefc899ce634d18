export type LengthLevel = "ok" | "near" | "full" | "over";

/** How close a text is to its limit: the counter warns from 90% on (or the last 100 characters of a short field). */
export function lengthLevel(length: number, max: number): LengthLevel {
  if (length > max) return "over"; // only text stored before the limit was enforced in the field
  if (length === max) return "full";
  return length >= max - Math.min(100, Math.ceil(max * 0.1)) ? "near" : "ok";
}
