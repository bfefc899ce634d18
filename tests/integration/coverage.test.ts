import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SeedStatus } from "@/lib/generated/prisma/client";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";
import { type CoverageCounts, getCoverage, parseCoverageScope, scopeStatuses } from "@/lib/seeds/coverage";
import { coverageGaps } from "@/lib/seeds/coverage-gaps";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

// Coverage counts the whole seed set, so this file has a database of its own.
isolateDatabase();

type Seed = { topic: string; view: string; taskType: string; difficulty: number | null; status: SeedStatus };

const SEEDS: Seed[] = [
  { topic: "Cardiology", view: "Patient", taskType: "Chat", difficulty: 1, status: "APPROVED" },
  { topic: "Cardiology", view: "Patient", taskType: "Chat", difficulty: 1, status: "DRAFT" },
  { topic: "Cardiology", view: "Medical student", taskType: "Chat", difficulty: 3, status: "SUBMITTED" },
  { topic: "Oncology", view: "Nurse", taskType: "Summarization", difficulty: 5, status: "CHANGES_REQUESTED" },
  // The stored group wins over the guess (an admin moved "Caregiver educator" to the professionals).
  { topic: "Oncology", view: "Caregiver educator", taskType: "Rewrite", difficulty: 2, status: "APPROVED" },
  // Not yet tagged: counts as untagged for each missing tag.
  { topic: "", view: "", taskType: "Chat", difficulty: null, status: "DRAFT" },
  { topic: "Dermatology", view: "Patient", taskType: "", difficulty: 4, status: "DRAFT" },
  // A type that is no canonical one and not in the vocabulary either still gets its row.
  { topic: "Dermatology", view: "Radiologist", taskType: "Legacy type", difficulty: 2, status: "APPROVED" },
  // Out of every scope.
  { topic: "Psychiatry", view: "Parent", taskType: "Open Q&A", difficulty: 3, status: "REJECTED" },
  { topic: "Psychiatry", view: "Parent", taskType: "Open Q&A", difficulty: 3, status: "ARCHIVED" },
];

let all: CoverageCounts;
let approved: CoverageCounts;

beforeAll(async () => {
  const author = await makeUser();
  await db.vocabularyTerm.create({
    data: { kind: "VIEW", value: "Caregiver educator", key: "caregiver educator", viewGroup: "PROFESSIONAL" },
  });
  await db.vocabularyTerm.create({ data: { kind: "TASK_TYPE", value: "Triage", key: "triage" } });
  for (const [i, s] of SEEDS.entries()) {
    await db.seedTask.create({
      data: { instruction: `Task ${i}`, ...s, authorId: author.id, contentHash: `x${i}` },
    });
  }
  [all, approved] = await Promise.all([getCoverage("all"), getCoverage("approved")]);
});

const row = (c: CoverageCounts, type: string) => c.types.find((t) => t.taskType === type);

describe("getCoverage", () => {
  it("counts every task in use, leaving out rejected and archived ones", () => {
    expect(all.total).toBe(8);
    expect(all.approved).toBe(3);
    expect(all.untagged).toEqual({ any: 2, topic: 1, view: 1, taskType: 1, difficulty: 1 });
  });

  it("counts type x difficulty, with a row for every canonical and vocabulary type", () => {
    expect(all.types.map((t) => t.taskType)).toEqual([...CANONICAL_TASK_TYPES, "Legacy type", "Triage"]);
    expect(row(all, "Chat")).toEqual({
      taskType: "Chat",
      canonical: true,
      byDifficulty: [2, 0, 1, 0, 0],
      total: 4, // the one without a difficulty included
    });
    expect(row(all, "Legacy type")).toMatchObject({ canonical: false, byDifficulty: [0, 1, 0, 0, 0] });
    expect(row(all, "Triage")).toMatchObject({ canonical: false, total: 0 });
    expect(row(all, "Open Q&A")?.total).toBe(0);
    expect(all.difficulty).toEqual([
      { level: 1, count: 2 },
      { level: 2, count: 2 },
      { level: 3, count: 1 },
      { level: 4, count: 1 },
      { level: 5, count: 1 },
    ]);
  });

  it("counts topics and views, most used first, and groups views by their stored or guessed group", () => {
    expect(all.topics).toEqual([
      { topic: "Cardiology", count: 3 },
      { topic: "Dermatology", count: 2 },
      { topic: "Oncology", count: 2 },
    ]);
    expect(all.views).toEqual([
      { view: "Patient", group: "PATIENT_PUBLIC", count: 3 },
      { view: "Caregiver educator", group: "PROFESSIONAL", count: 1 },
      { view: "Medical student", group: "TRAINEE", count: 1 },
      { view: "Nurse", group: "PROFESSIONAL", count: 1 },
      { view: "Radiologist", group: "PROFESSIONAL", count: 1 },
    ]);
    expect(all.viewGroups).toEqual([
      { group: "PATIENT_PUBLIC", count: 3 },
      { group: "TRAINEE", count: 1 },
      { group: "PROFESSIONAL", count: 3 },
    ]);
  });

  it("narrows everything to approved tasks in the approved scope", () => {
    expect(approved.total).toBe(3);
    expect(approved.approved).toBe(3);
    expect(approved.untagged.any).toBe(0);
    expect(approved.topics.map((t) => t.topic)).toEqual(["Cardiology", "Dermatology", "Oncology"]);
    expect(row(approved, "Chat")?.byDifficulty).toEqual([1, 0, 0, 0, 0]);
    expect(approved.viewGroups.find((g) => g.group === "TRAINEE")?.count).toBe(0);
  });

  it("feeds the gap rules", () => {
    const gaps = coverageGaps(approved).map((g) => g.message);
    expect(gaps).toContain('No "Open Q&A" task at any difficulty.');
    expect(gaps).toContain("No task is written from a Trainee point of view.");
    expect(gaps).toContain('No "Chat" task at difficulty 5.');
  });
});

describe("scope", () => {
  it("reads ?scope= and maps it to statuses", () => {
    expect(parseCoverageScope("approved")).toBe("approved");
    expect(parseCoverageScope(["approved", "all"])).toBe("approved");
    expect(parseCoverageScope("bogus")).toBe("all");
    expect(parseCoverageScope(undefined)).toBe("all");
    expect(scopeStatuses("all")).toEqual(["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED"]);
    expect(scopeStatuses("approved")).toEqual(["APPROVED"]);
  });
});
