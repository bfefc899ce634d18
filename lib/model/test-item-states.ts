// The states of a test item clinicians write in the app (lib/evaluation/test-items.ts), their labels, and the
// reviewer's decisions: client-safe, one source for every page and schema.
export const TEST_ITEM_STATES = ["DRAFT", "SUBMITTED", "APPROVED", "SENT_BACK", "REJECTED"] as const;
export type TestItemStateName = (typeof TEST_ITEM_STATES)[number];

export const TEST_ITEM_STATE_LABELS: Record<TestItemStateName, string> = {
  DRAFT: "Draft",
  SUBMITTED: "Submitted",
  APPROVED: "Approved",
  SENT_BACK: "Sent back",
  REJECTED: "Rejected",
};

/** Where the author (or another clinician) may still change the text and submit it. */
export const EDITABLE_TEST_ITEM_STATES: readonly TestItemStateName[] = ["DRAFT", "SENT_BACK"];

export const TEST_ITEM_DECISIONS = ["APPROVE", "SEND_BACK", "REJECT"] as const;
export type TestItemDecision = (typeof TEST_ITEM_DECISIONS)[number];

export const TEST_ITEM_DECISION_STATE: Record<TestItemDecision, TestItemStateName> = {
  APPROVE: "APPROVED",
  SEND_BACK: "SENT_BACK",
  REJECT: "REJECTED",
};

/** The reference model name a clinician's own answer is frozen under. */
export const CLINICIAN_REFERENCE = "clinician";
