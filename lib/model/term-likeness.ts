import { vocabKey } from "./vocabulary";

// Client-safe. Values of one vocabulary that are probably one value spelt two ways: singular and plural
// (Diagnosis / Diagnoses, Treatment / Treatments), British and American spelling (Genetic Counsellor /
// Genetic counselor, Haematology / Hematology, Tumour / Tumor). Imports bring such pairs in (the AlpaCare
// seed set has a dozen); aliases fold only the spellings someone listed. This only suggests: an admin merges.

/** One word folded: spelling variants first, then a plural or a final e. */
function foldWord(word: string): string {
  let w = word
    .replace(/ae|oe/g, "e")
    .replace(/our/g, "or")
    .replace(/is(e|ed|es|ing|ation|ations)$/, "iz$1")
    .replace(/ll/g, "l")
    .replace(/tre$/, "ter");
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith("is")) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** The key under which a value's spelling variants meet (not a stored key: suggestions only). */
export function looseTermKey(value: string): string {
  return vocabKey(value)
    .split(/[\s/-]+/)
    .filter(Boolean)
    .map(foldWord)
    .join(" ");
}

type Term = { id: string; value: string; builtIn: boolean; uses: number };

/**
 * Pairs to offer for a merge: within each group of values sharing a loose key, every value that is not
 * built in, into the group's built-in value if it has one, else its most used (then the first by name).
 */
export function likelySameTerms<T extends Term>(terms: readonly T[]): { from: T; into: T }[] {
  const groups = new Map<string, T[]>();
  for (const t of terms) {
    const key = looseTermKey(t.value);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const pairs: { from: T; into: T }[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [into] = [...group].sort(
      (a, b) => Number(b.builtIn) - Number(a.builtIn) || b.uses - a.uses || a.value.localeCompare(b.value),
    );
    if (!into) continue;
    for (const t of group) if (t !== into && !t.builtIn) pairs.push({ from: t, into });
  }
  return pairs.sort(
    (a, b) => a.into.value.localeCompare(b.into.value) || a.from.value.localeCompare(b.from.value),
  );
}
