// Client-safe and tiny: the fields of a seed task (or a generated record) that the PHI screen reads, the
// ones that leave the building in prompts and exports. A seed's note goes into MedSeed's own exports (JSONL,
// CSV), never into a prompt; generated records and test items have none, so it is screened where it exists.
export const SCREENED_FIELDS = ["instruction", "input", "output", "note"] as const;
export type ScreenedField = (typeof SCREENED_FIELDS)[number];
