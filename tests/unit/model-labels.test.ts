import { describe, expect, it } from "vitest";
import * as prisma from "@/lib/generated/prisma/enums";
import { JOB_STATE_LABELS, JOB_STATES } from "@/lib/model/job-states";
import {
  RECORD_STATE_DESCRIPTIONS,
  RECORD_STATE_LABELS,
  RECORD_STATES,
  recordState,
} from "@/lib/model/record-state";
import { RELEASE_STATE_LABELS, RELEASE_STATES } from "@/lib/model/release-states";
import { REVIEW_DECISION_LABELS, REVIEW_DECISIONS } from "@/lib/model/review-decisions";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/model/roles";
import { SEED_STATUS_LABELS, SEED_STATUSES } from "@/lib/model/seed-status";
import { SPOT_GRADE_LABELS, SPOT_GRADES } from "@/lib/model/spot-grades";
import { RECORD_STATUSES } from "@/lib/validation/dataset";

// The client-safe enumerations in lib/model copy the database's enums (the Prisma client is server-only):
// each copy holds exactly the database's values, and each value has one label of its own.

const CASES: [string, readonly string[], Record<string, string>, Record<string, string>][] = [
  ["Role", ROLES, prisma.Role, ROLE_LABELS],
  ["SeedStatus", SEED_STATUSES, prisma.SeedStatus, SEED_STATUS_LABELS],
  ["ReviewDecision", REVIEW_DECISIONS, prisma.ReviewDecision, REVIEW_DECISION_LABELS],
  ["GenerationJobState", JOB_STATES, prisma.GenerationJobState, JOB_STATE_LABELS],
  ["ReleaseState", RELEASE_STATES, prisma.ReleaseState, RELEASE_STATE_LABELS],
  ["SpotCheckGrade", SPOT_GRADES, prisma.SpotCheckGrade, SPOT_GRADE_LABELS],
];

describe("client-safe enumerations", () => {
  it.each(CASES)(
    "%s: the same values as the database, each with a label of its own",
    (_, values, db, labels) => {
      expect([...values].sort()).toEqual(Object.values(db).sort());
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      const texts = values.map((v) => labels[v]?.trim());
      expect(texts.every(Boolean)).toBe(true);
      expect(new Set(texts.map((t) => t?.toLowerCase())).size).toBe(values.length);
    },
  );

  it("describes every role", () => {
    for (const role of ROLES) expect(ROLE_DESCRIPTIONS[role]?.trim()).toBeTruthy();
  });
});

describe("a generated record's state", () => {
  it("is exactly one of kept, excluded and discarded", () => {
    expect(recordState({ kept: true, excluded: false })).toBe("kept");
    expect(recordState({ kept: true, excluded: true })).toBe("excluded");
    expect(recordState({ kept: false, excluded: false })).toBe("discarded");
  });

  it("is discarded for a discarded task even if it was ever marked excluded (the pipeline's word comes first)", () => {
    expect(recordState({ kept: false, excluded: true })).toBe("discarded");
  });

  it("has one chip label and one filter description per state, and the browser filters by the same states", () => {
    for (const state of RECORD_STATES) {
      expect(RECORD_STATE_LABELS[state]).toBeTruthy();
      expect(RECORD_STATE_DESCRIPTIONS[state]).toBeTruthy();
    }
    expect(RECORD_STATUSES).toEqual([...RECORD_STATES, "all"]);
  });
});
