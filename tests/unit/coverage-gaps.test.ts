import { describe, expect, it } from "vitest";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";
import type { CoverageCounts } from "@/lib/seeds/coverage";
import { coverageGaps } from "@/lib/seeds/coverage-gaps";

// A seed set with nothing to complain about: every type at every difficulty (2 each, 100 tasks), views
// spread 40/30/30 over the groups, 20 per difficulty, 5 topics of 20.
function balanced(): CoverageCounts {
  return {
    scope: "all",
    total: 100,
    approved: 60,
    untagged: { any: 0, topic: 0, view: 0, taskType: 0, difficulty: 0 },
    types: CANONICAL_TASK_TYPES.map((taskType) => ({
      taskType,
      canonical: true,
      byDifficulty: [2, 2, 2, 2, 2],
      total: 10,
    })),
    difficulty: [1, 2, 3, 4, 5].map((level) => ({ level, count: 20 })),
    topics: ["Cardiology", "Dermatology", "Oncology", "Pediatrics", "Psychiatry"].map((topic) => ({
      topic,
      count: 20,
    })),
    views: [
      { view: "Patient", group: "PATIENT_PUBLIC", count: 40 },
      { view: "Medical student", group: "TRAINEE", count: 30 },
      { view: "Nurse", group: "PROFESSIONAL", count: 30 },
    ],
    viewGroups: [
      { group: "PATIENT_PUBLIC", count: 40 },
      { group: "TRAINEE", count: 30 },
      { group: "PROFESSIONAL", count: 30 },
    ],
  };
}

const type = (c: CoverageCounts, name: string) => {
  const row = c.types.find((t) => t.taskType === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};
const group = (c: CoverageCounts, name: string) => {
  const row = c.viewGroups.find((g) => g.group === name);
  if (!row) throw new Error(`no group ${name}`);
  return row;
};
const messages = (c: CoverageCounts) => coverageGaps(c).map((g) => g.message);

describe("coverageGaps", () => {
  it("says there is nothing to cover when the scope is empty", () => {
    const c = { ...balanced(), total: 0, types: [], topics: [], views: [] };
    expect(coverageGaps(c)).toEqual([
      { id: "empty", severity: "critical", message: "There are no seed tasks in this scope yet." },
    ]);
  });

  it("reports only the topic count for a balanced set", () => {
    expect(coverageGaps(balanced())).toEqual([
      { id: "topics", severity: "note", message: "5 distinct topics across 100 tasks with a topic." },
    ]);
  });

  it("names a canonical type with no task, without repeating its five empty cells", () => {
    const c = balanced();
    Object.assign(type(c, "Multiple-hop reasoning"), { byDifficulty: [0, 0, 0, 0, 0], total: 0 });
    const gaps = coverageGaps(c);
    expect(gaps[0]).toEqual({
      id: "type:Multiple-hop reasoning",
      severity: "critical",
      message: 'No "Multiple-hop reasoning" task at any difficulty.',
    });
    expect(gaps.filter((g) => g.id.startsWith("cell:"))).toEqual([]);
  });

  it("names each empty type x difficulty cell", () => {
    const c = balanced();
    type(c, "Multiple-hop reasoning").byDifficulty = [2, 2, 2, 2, 0];
    type(c, "Chat").byDifficulty = [0, 2, 2, 2, 2];
    expect(coverageGaps(c).filter((g) => g.id.startsWith("cell:"))).toEqual([
      { id: "cell:Chat:1", severity: "warning", message: 'No "Chat" task at difficulty 1.' },
      {
        id: "cell:Multiple-hop reasoning:5",
        severity: "warning",
        message: 'No "Multiple-hop reasoning" task at difficulty 5.',
      },
    ]);
  });

  it("treats an empty admin-added type as a note, not a missing canonical type", () => {
    const c = balanced();
    c.types.push({ taskType: "Triage", canonical: false, byDifficulty: [0, 0, 0, 0, 0], total: 0 });
    const gap = coverageGaps(c).find((g) => g.id === "type:Triage");
    expect(gap?.severity).toBe("note");
  });

  it("flags a view group with no task, and one under 15% but not one at exactly 15%", () => {
    const c = balanced();
    group(c, "PATIENT_PUBLIC").count = 0;
    group(c, "TRAINEE").count = 14;
    group(c, "PROFESSIONAL").count = 86;
    expect(messages(c)).toContain("No task is written from a Patient / public point of view.");
    expect(messages(c)).toContain(
      "Only 14 of 100 tasks with a view (14%) take a Trainee point of view; aim for at least 15%.",
    );
    group(c, "TRAINEE").count = 15;
    expect(coverageGaps(c).some((g) => g.id === "group:TRAINEE")).toBe(false);
  });

  it("measures view shares against tasks that have a view, and never rounds a thin share up to the limit", () => {
    const c = balanced();
    c.untagged = { any: 33, topic: 0, view: 33, taskType: 0, difficulty: 0 };
    // 10 of 67 is 14.9%: under 15%, shown as 14%.
    Object.assign(group(c, "TRAINEE"), { count: 10 });
    Object.assign(group(c, "PATIENT_PUBLIC"), { count: 27 });
    expect(messages(c)).toContain(
      "Only 10 of 67 tasks with a view (14%) take a Trainee point of view; aim for at least 15%.",
    );
  });

  it("flags difficulty levels with no task (critical) and under 10% (warning)", () => {
    const c = balanced();
    c.difficulty = [
      { level: 1, count: 9 },
      { level: 2, count: 10 },
      { level: 3, count: 41 },
      { level: 4, count: 40 },
      { level: 5, count: 0 },
    ];
    const gaps = coverageGaps(c).filter((g) => g.id.startsWith("difficulty:"));
    expect(gaps).toEqual([
      { id: "difficulty:5", severity: "critical", message: "No task at difficulty 5." },
      {
        id: "difficulty:1",
        severity: "warning",
        message: "Only 9 of 100 tasks with a difficulty (9%) are at difficulty 1; aim for at least 10%.",
      },
    ]);
  });

  it("reads well for a single task", () => {
    const c = balanced();
    c.total = 20;
    c.viewGroups = [
      { group: "PATIENT_PUBLIC", count: 10 },
      { group: "TRAINEE", count: 1 },
      { group: "PROFESSIONAL", count: 9 },
    ];
    c.difficulty = [1, 5, 5, 5, 4].map((count, i) => ({ level: i + 1, count }));
    expect(messages(c)).toContain(
      "Only 1 of 20 tasks with a view (5%) takes a Trainee point of view; aim for at least 15%.",
    );
    expect(messages(c)).toContain(
      "Only 1 of 20 tasks with a difficulty (5%) is at difficulty 1; aim for at least 10%.",
    );
  });

  it("flags a topic holding over 25% of tasks, not one at exactly 25%", () => {
    const c = balanced();
    c.topics = [
      { topic: "Cardiology", count: 26 },
      { topic: "Oncology", count: 25 },
      { topic: "Pediatrics", count: 49 },
    ].sort((a, b) => b.count - a.count);
    const flagged = coverageGaps(c).filter((g) => g.id.startsWith("topic:"));
    expect(flagged.map((g) => g.message)).toEqual([
      '"Pediatrics" holds 49 of 100 tasks with a topic (49%), over 25%: write about other topics.',
      '"Cardiology" holds 26 of 100 tasks with a topic (26%), over 25%: write about other topics.',
    ]);
    expect(messages(c)).toContain("3 distinct topics across 100 tasks with a topic.");
  });

  it("counts untagged tasks as a gap, naming what they lack", () => {
    const c = balanced();
    c.untagged = { any: 3, topic: 1, view: 0, taskType: 2, difficulty: 3 };
    expect(messages(c)).toContain(
      "3 tasks are missing a tag (1 without a topic, 2 without a task type, 3 without a difficulty); they are left out of that tag's counts.",
    );
  });

  it("says so when no task has a view, a difficulty or a topic yet", () => {
    const c = balanced();
    c.untagged = { any: 100, topic: 100, view: 100, taskType: 0, difficulty: 100 };
    c.topics = [];
    const critical = coverageGaps(c).filter((g) => g.severity === "critical");
    expect(critical.map((g) => g.message)).toEqual([
      "No task has a point of view (view) yet.",
      "No task has a difficulty yet.",
      "No task has a topic yet.",
    ]);
  });

  it("puts the most important gaps first", () => {
    const c = balanced();
    type(c, "Chat").byDifficulty = [0, 2, 2, 2, 2];
    c.untagged = { any: 1, topic: 0, view: 0, taskType: 0, difficulty: 1 };
    group(c, "TRAINEE").count = 5;
    Object.assign(type(c, "Rewrite"), { byDifficulty: [0, 0, 0, 0, 0], total: 0 });
    const ids = coverageGaps(c).map((g) => g.id);
    expect(ids).toEqual(["type:Rewrite", "group:TRAINEE", "cell:Chat:1", "untagged", "topics"]);
    const order = coverageGaps(c).map((g) => g.severity);
    expect(order).toEqual(["critical", "warning", "warning", "note", "note"]);
  });
});
