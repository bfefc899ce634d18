import { taskCategory } from "@/lib/dataset/analysis/categories";
import type { Count, DatasetRecord, ViewGroupName } from "@/lib/dataset/types";
import { canonicalTaskType } from "@/lib/vocabulary/task-types";

// The distributions a release states on its page and in its dataset card.

export type ReleaseCounts = {
  types: Count[];
  topics: Count[];
  viewGroups: Count[];
  difficulty: Count[];
  categories: Count[];
};

const TOP_TOPICS = 20;
const VIEW_GROUP_LABELS: Record<ViewGroupName, string> = {
  PATIENT_PUBLIC: "Patient / public",
  TRAINEE: "Trainee",
  PROFESSIONAL: "Professional",
};
const CATEGORIES = ["information extraction", "text generation", "question answering", "other"];

const sorted = (m: Map<string, number>): Count[] =>
  [...m.entries()]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));

export class ReleaseCounter {
  private readonly types = new Map<string, number>();
  private readonly topics = new Map<string, number>();
  private readonly groups = new Map<string, number>();
  private readonly difficulty = new Map<string, number>(
    ["1", "2", "3", "4", "5", "unknown"].map((d) => [d, 0]),
  );
  private readonly categories = new Map<string, number>(CATEGORIES.map((c) => [c, 0]));

  constructor(private readonly viewGroupOf: (view: string) => ViewGroupName | null) {}

  add(r: Pick<DatasetRecord, "taskType" | "topic" | "view" | "difficulty">): void {
    const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    inc(this.types, canonicalTaskType(r.taskType) ?? (r.taskType || "(none)"));
    inc(this.topics, r.topic || "(none)");
    const group = this.viewGroupOf(r.view);
    inc(this.groups, group ? VIEW_GROUP_LABELS[group] : "Ungrouped");
    inc(
      this.difficulty,
      r.difficulty && r.difficulty >= 1 && r.difficulty <= 5 ? String(r.difficulty) : "unknown",
    );
    inc(this.categories, taskCategory(r.taskType));
  }

  result(): ReleaseCounts {
    const topics = sorted(this.topics);
    const rest = topics.slice(TOP_TOPICS).reduce((n, t) => n + t.count, 0);
    return {
      types: sorted(this.types),
      topics: rest ? [...topics.slice(0, TOP_TOPICS), { label: "Other topics", count: rest }] : topics,
      viewGroups: sorted(this.groups),
      difficulty: [...this.difficulty.entries()].map(([label, count]) => ({ label, count })),
      categories: [...this.categories.entries()].map(([label, count]) => ({ label, count })),
    };
  }
}
