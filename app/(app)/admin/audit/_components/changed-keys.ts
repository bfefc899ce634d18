// What an audit event changed, for the compact column: the keys whose values differ between before and
// after (every key of after for a creation, of before for a removal). Values are compared as JSON.

type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function changedKeys(before: Json, after: Json): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

/** Pretty JSON as text (never as HTML), or null when there is nothing to show. */
export function jsonText(value: Json): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}
