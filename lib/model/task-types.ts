import { vocabKey } from "./vocabulary";

// The 10 canonical task types (AlpaCare prompt rule 4), and the rules that fold the many spellings seen in
// real seed files ("Rewrites", "Multi-hop reasoning", "Classification Task", "USMLE Style Q&A"...) onto them.
export const CANONICAL_TASK_TYPES = [
  "Text generation",
  "Open Q&A",
  "Chat",
  "Rewrite",
  "Summarization",
  "Classification",
  "USMLE style Q&A",
  "Multiple-choice Q&A",
  "Single-hop reasoning",
  "Multiple-hop reasoning",
] as const;
export type CanonicalTaskType = (typeof CANONICAL_TASK_TYPES)[number];

const RULES: [RegExp, CanonicalTaskType][] = [
  [/\busmle\b/, "USMLE style Q&A"],
  [/\b(multiple|multi) ?choice\b|\bmcq\b/, "Multiple-choice Q&A"],
  [/\b(multiple|multi) ?hop\b/, "Multiple-hop reasoning"],
  [/\bsingle ?hop\b|\bone ?hop\b/, "Single-hop reasoning"],
  [/\btext generation\b|\bgeneration\b/, "Text generation"],
  [/\bopen\b.*\b(q ?& ?a|qa|questions?)\b|\bopen ?ended\b/, "Open Q&A"],
  [/\bchat\b|\bconversation(al)?\b|\bdialog(ue)?\b/, "Chat"],
  [/\brewrit(e|es|ing|ten)\b|\bparaphras/, "Rewrite"],
  [/\bsummar(y|ies|ize|ise|ization|isation|izations|isations)\b/, "Summarization"],
  [/\bclassif(y|ication|ications)\b/, "Classification"],
];

/** The canonical built-in type for a spelling, or null when none fits (it may still be an admin-added type). */
export function canonicalTaskType(raw: string): CanonicalTaskType | null {
  const key = vocabKey(raw)
    .replace(/[-_/]+/g, " ")
    .replace(/\btasks?\b/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!key) return null;
  for (const t of CANONICAL_TASK_TYPES) if (vocabKey(t).replace(/-/g, " ") === key) return t;
  for (const [pattern, type] of RULES) if (pattern.test(key)) return type;
  return null;
}

/** Types the Self-Instruct format marks as classification tasks. */
export const CLASSIFICATION_TYPES: readonly string[] = [
  "Classification",
  "Multiple-choice Q&A",
  "USMLE style Q&A",
];
