// Why the generation pipeline set a parsed task aside, and the one label of each reason. Client-safe: the
// live job page, the job's task list, the record browser, its filter and the record page all read these.
// The engine types its discards with DiscardReason, so a reason it writes without a label here does not
// compile (tests/unit/discard-reasons.test.ts checks the list against the parser's and filters' own types).

export const DISCARD_REASON_LABELS = {
  duplicate: "Near-duplicate (ROUGE-L)",
  target_reached: "Beyond the target",
  beyond_requested: "More tasks than asked for",
  truncated: "Cut off by the token limit",
  empty_instruction: "Empty instruction",
  "missing_field:type": "Missing field: type",
  "missing_field:topic": "Missing field: topic",
  "missing_field:view": "Missing field: view",
  "missing_field:difficulty": "Missing field: difficulty",
  "missing_field:instruction": "Missing field: instruction",
  "missing_field:input": "Missing field: input",
  "empty_field:type": "Empty field: type",
  "empty_field:topic": "Empty field: topic",
  "empty_field:view": "Empty field: view",
  unknown_type: "Unknown task type",
  bad_difficulty: "Difficulty not 1-5",
  "filter:length": "Filter: length",
  "filter:blacklist": "Filter: blacklisted word",
  "filter:program": "Filter: write a program",
  "filter:first_char": "Filter: first character",
} as const satisfies Record<string, string>;

export type DiscardReason = keyof typeof DISCARD_REASON_LABELS;

export const DISCARD_REASONS = Object.keys(DISCARD_REASON_LABELS) as DiscardReason[];

export const isDiscardReason = (reason: string): reason is DiscardReason =>
  Object.hasOwn(DISCARD_REASON_LABELS, reason);

/** A stored reason's label; a reason this version does not know (written by an older one) shows as stored. */
export const reasonLabel = (reason: string): string =>
  isDiscardReason(reason) ? DISCARD_REASON_LABELS[reason] : reason;
