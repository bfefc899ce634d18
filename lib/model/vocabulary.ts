// Client-safe helpers for the managed vocabularies (topics, views, task types).

/** Matching key: Unicode-normalised, lower case, curly quotes straightened, single spaces, trimmed. */
export function vocabKey(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, " ").trim();
}

/** How a new value is stored: trimmed, single spaces, as typed otherwise. */
export function tidyValue(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, " ").trim();
}

// Characters a reader cannot see: zero-width characters, bidirectional controls (which can also make a
// value read as another, "Trojan Source" style), other format and control characters, and what Unicode
// calls default-ignorable (soft hyphen, blank fillers, variation selectors...). NFKC keeps them, so two
// values that look the same would never match. Tab, line breaks, vertical tab and form feed are
// whitespace and fold into single spaces instead.
const INVISIBLE = /(?![\t\n\v\f\r])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

const INVISIBLE_NAMES: Record<number, string> = {
  173: "soft hyphen",
  1564: "Arabic letter mark",
  8203: "zero-width space",
  8204: "zero-width non-joiner",
  8205: "zero-width joiner",
  8206: "left-to-right mark",
  8207: "right-to-left mark",
  8234: "left-to-right embedding",
  8235: "right-to-left embedding",
  8236: "pop directional formatting",
  8237: "left-to-right override",
  8238: "right-to-left override",
  8288: "word joiner",
  8294: "left-to-right isolate",
  8295: "right-to-left isolate",
  8296: "first strong isolate",
  8297: "pop directional isolate",
  65279: "zero-width no-break space (byte-order mark)",
};

/** The first invisible character in a vocabulary value, described ("U+200B (zero-width space)"); null if none. */
export function invisibleCharacter(value: string): string | null {
  const found = INVISIBLE.exec(value)?.[0];
  if (found === undefined) return null;
  const code = found.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${hex} (${INVISIBLE_NAMES[code] ?? "invisible or control character"})`;
}

export const VIEW_GROUPS = ["PATIENT_PUBLIC", "TRAINEE", "PROFESSIONAL"] as const;
export type ViewGroupName = (typeof VIEW_GROUPS)[number];

export const VIEW_GROUP_LABELS: Record<ViewGroupName, string> = {
  PATIENT_PUBLIC: "Patient / public",
  TRAINEE: "Trainee",
  PROFESSIONAL: "Professional",
};

// A first guess for a new view's group; admins can correct it on the vocabulary page.
const PATIENT_PUBLIC =
  /\b(patients?|parents?|public|caregivers?|carers?|family|relatives?|lay|layperson|consumers?|high ?school|citizens?|community member)\b|patient'?s/;
const TRAINEE =
  /\b(students?|resident|residents|intern|interns|trainees?|training|learners?|usmle|med school student|pupils?)\b|student'?s/;

export function guessViewGroup(view: string): ViewGroupName {
  const key = vocabKey(view);
  if (PATIENT_PUBLIC.test(key)) return "PATIENT_PUBLIC";
  if (TRAINEE.test(key)) return "TRAINEE";
  return "PROFESSIONAL";
}
