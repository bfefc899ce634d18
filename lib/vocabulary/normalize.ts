// Client-safe helpers for the managed vocabularies (topics, views, task types).

/** Matching key: Unicode-normalised, lower case, curly quotes straightened, single spaces, trimmed. */
export function vocabKey(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, " ").trim();
}

/** How a new value is stored: trimmed, single spaces, as typed otherwise. */
export function tidyValue(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, " ").trim();
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
