import type { PhiFinding } from "./categories";
import { detectPhi } from "./detect";
import { SCREENED_FIELDS, type ScreenedField } from "./fields";

// Client-safe. A finding is identified by its field, its category and the matched text (not its offsets):
// a resolution ("not PHI", accepted) follows the text through edits elsewhere, and lapses once the matched
// text itself changes. One resolution covers every place the same text is found in that field.

export type FindingRef = Pick<PhiFinding, "field" | "category" | "text">;

export const findingKey = (f: { field: string; category: string; text: string }) =>
  `${f.field}\u0000${f.category}\u0000${f.text}`;

/** Every finding in the screened fields of a task, field by field. */
export function screenTask(task: Partial<Record<ScreenedField, string | null>>): PhiFinding[] {
  const out: PhiFinding[] = [];
  for (const field of SCREENED_FIELDS) {
    const text = task[field];
    if (text) out.push(...detectPhi(text, field));
  }
  return out;
}

/** The findings not covered by a resolution (keys from findingKey). */
export function withoutResolved(
  findings: readonly PhiFinding[],
  resolved: ReadonlySet<string>,
): PhiFinding[] {
  return findings.filter((f) => !resolved.has(findingKey(f)));
}

/** "PHONE "555-201-3344" in input" — how a finding is named in messages. */
export const describeFinding = (f: FindingRef) =>
  `${f.category} "${f.text.length > 60 ? `${f.text.slice(0, 57)}...` : f.text}" in ${f.field}`;
