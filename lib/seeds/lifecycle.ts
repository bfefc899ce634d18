import type { SeedStatusName } from "@/lib/model/seed-status";

// Which transitions exist. Who may make them (permissions, four-eyes, ownership) is checked in transitions.ts.
export type ReviewAction = "submit" | "approve" | "request_changes" | "reject" | "archive";

export const ALLOWED_FROM: Record<ReviewAction, readonly SeedStatusName[]> = {
  submit: ["DRAFT", "CHANGES_REQUESTED"],
  approve: ["SUBMITTED"],
  request_changes: ["SUBMITTED"],
  reject: ["SUBMITTED"],
  archive: ["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED"],
};

/** What an edit does to the status: editing an approved task sends the new revision back to review. */
export function statusAfterEdit(status: SeedStatusName): SeedStatusName {
  if (status === "APPROVED") return "SUBMITTED";
  if (status === "REJECTED") return "DRAFT";
  return status;
}

export const DECISION_STATUS = { request_changes: "CHANGES_REQUESTED", reject: "REJECTED" } as const;
