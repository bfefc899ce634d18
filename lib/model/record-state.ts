// A generated record's one state: kept by the pipeline, excluded from releases by a reviewer, or discarded
// by the pipeline with its reason. A record shows exactly one of them (an excluded record is no longer
// shown as kept too).

export const RECORD_STATES = ["kept", "excluded", "discarded"] as const;
export type RecordState = (typeof RECORD_STATES)[number];

/** The short label of a record's state chip. */
export const RECORD_STATE_LABELS: Record<RecordState, string> = {
  kept: "kept",
  excluded: "excluded",
  discarded: "discarded",
};

/** The same states as choices in the record browser's filter, said in full. */
export const RECORD_STATE_DESCRIPTIONS: Record<RecordState, string> = {
  kept: "Kept",
  excluded: "Excluded by a reviewer",
  discarded: "Discarded by the pipeline",
};

/** The state of a record: the pipeline's discard comes first, then a reviewer's exclusion. */
export function recordState(record: { kept: boolean; excluded: boolean }): RecordState {
  if (!record.kept) return "discarded";
  return record.excluded ? "excluded" : "kept";
}
