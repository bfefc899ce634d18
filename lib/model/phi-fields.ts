// Client-safe and tiny: the fields of a seed task (or a generated record) that the PHI screen reads, the
// ones that leave the building in prompts and exports.
export const SCREENED_FIELDS = ["instruction", "input", "output"] as const;
export type ScreenedField = (typeof SCREENED_FIELDS)[number];
