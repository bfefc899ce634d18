// Where a seed (or a test item) came from, and its labels: client-safe, one source for every page and schema.
// UNKNOWN is not offered as a choice for new work: it marks what nobody has said yet (tasks written before
// provenance was recorded, imported files that did not say), so nothing claims an origin nobody stated.
export const SOURCE_KINDS = [
  "OWN_EXPERIENCE",
  "TEXTBOOK",
  "GUIDELINE",
  "PUBLIC_DATASET",
  "PAPER",
  "OTHER",
  "UNKNOWN",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  OWN_EXPERIENCE: "Own clinical experience",
  TEXTBOOK: "Textbook",
  GUIDELINE: "Guideline",
  PUBLIC_DATASET: "Public dataset",
  PAPER: "Paper",
  OTHER: "Other",
  UNKNOWN: "Not recorded",
};

/** Kinds whose text came from somewhere citable: the editor asks for a citation for these. */
export const CITED_SOURCE_KINDS: readonly SourceKind[] = ["TEXTBOOK", "GUIDELINE", "PUBLIC_DATASET", "PAPER"];

export const isSourceKind = (v: string): v is SourceKind => (SOURCE_KINDS as readonly string[]).includes(v);

/** The label of a stored kind (a value from before a rename shows as it is). */
export const sourceKindLabel = (v: string): string => (isSourceKind(v) ? SOURCE_KIND_LABELS[v] : v);
