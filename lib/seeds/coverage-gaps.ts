import { VIEW_GROUP_LABELS } from "@/lib/model/vocabulary";
import type { CoverageCounts } from "./coverage";

// The coverage rules, in words. The seed set exists to be diverse across type, difficulty, view and topic;
// a generation prompt asks for all 10 types, difficulties 1-5 and varied points of view, and the model can
// only imitate what the seeds show it.

/** Below these shares a view group or a difficulty level counts as thin; above it one topic dominates. */
export const VIEW_GROUP_MIN_SHARE = 0.15;
export const DIFFICULTY_MIN_SHARE = 0.1;
export const TOPIC_MAX_SHARE = 0.25;

/** critical: a whole value is missing; warning: thin or lopsided; note: worth knowing. */
export type GapSeverity = "critical" | "warning" | "note";

export type CoverageGap = { id: string; severity: GapSeverity; message: string };

const SEVERITY_ORDER: Record<GapSeverity, number> = { critical: 0, warning: 1, note: 2 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
// Rounded towards the threshold's safe side, so "under 15%" never reads "(15%)".
const pctDown = (n: number, of: number) => `${Math.floor((n * 100) / of)}%`;
const pctUp = (n: number, of: number) => `${Math.ceil((n * 100) / of)}%`;
// Exact integer comparison: n / of < share, with share given in whole percent.
const under = (n: number, of: number, share: number) => n * 100 < Math.round(share * 100) * of;
const over = (n: number, of: number, share: number) => n * 100 > Math.round(share * 100) * of;

/**
 * The gaps of a seed set, most important first: missing values (canonical types, view groups, difficulty
 * levels) before thin or lopsided ones, and axis-wide imbalances before single empty type x difficulty
 * cells; untagged tasks and the topic count close the list.
 */
export function coverageGaps(c: CoverageCounts): CoverageGap[] {
  if (c.total === 0) {
    return [{ id: "empty", severity: "critical", message: "There are no seed tasks in this scope yet." }];
  }
  const gaps: CoverageGap[] = [];
  const add = (id: string, severity: GapSeverity, message: string) => gaps.push({ id, severity, message });

  // Types with no task at all; their empty cells would only repeat it, so they are left out below.
  for (const t of c.types) {
    if (t.total > 0) continue;
    if (t.canonical) add(`type:${t.taskType}`, "critical", `No "${t.taskType}" task at any difficulty.`);
    else add(`type:${t.taskType}`, "note", `No "${t.taskType}" task yet (a type added to the vocabulary).`);
  }

  const withView = c.total - c.untagged.view;
  if (withView === 0) add("views:none", "critical", "No task has a point of view (view) yet.");
  else {
    for (const { group, count } of c.viewGroups) {
      const label = VIEW_GROUP_LABELS[group];
      if (count === 0) add(`group:${group}`, "critical", `No task is written from a ${label} point of view.`);
      else if (under(count, withView, VIEW_GROUP_MIN_SHARE)) {
        add(
          `group:${group}`,
          "warning",
          `Only ${count} of ${plural(withView, "task")} with a view (${pctDown(count, withView)}) ${count === 1 ? "takes" : "take"} a ${label} point of view; aim for at least ${VIEW_GROUP_MIN_SHARE * 100}%.`,
        );
      }
    }
  }

  const withDifficulty = c.total - c.untagged.difficulty;
  if (withDifficulty === 0) add("difficulty:none", "critical", "No task has a difficulty yet.");
  else {
    for (const { level, count } of c.difficulty) {
      if (count === 0) add(`difficulty:${level}`, "critical", `No task at difficulty ${level}.`);
      else if (under(count, withDifficulty, DIFFICULTY_MIN_SHARE)) {
        add(
          `difficulty:${level}`,
          "warning",
          `Only ${count} of ${plural(withDifficulty, "task")} with a difficulty (${pctDown(count, withDifficulty)}) ${count === 1 ? "is" : "are"} at difficulty ${level}; aim for at least ${DIFFICULTY_MIN_SHARE * 100}%.`,
        );
      }
    }
  }

  const withTopic = c.total - c.untagged.topic;
  for (const { topic, count } of c.topics) {
    if (!over(count, withTopic, TOPIC_MAX_SHARE)) break; // most used first
    add(
      `topic:${topic}`,
      "warning",
      `"${topic}" holds ${count} of ${plural(withTopic, "task")} with a topic (${pctUp(count, withTopic)}), over ${TOPIC_MAX_SHARE * 100}%: write about other topics.`,
    );
  }

  for (const t of c.types) {
    if (t.total === 0) continue;
    t.byDifficulty.forEach((n, i) => {
      if (n === 0)
        add(`cell:${t.taskType}:${i + 1}`, "warning", `No "${t.taskType}" task at difficulty ${i + 1}.`);
    });
  }

  if (c.untagged.any > 0) {
    const missing = (
      [
        ["topic", c.untagged.topic],
        ["view", c.untagged.view],
        ["task type", c.untagged.taskType],
        ["difficulty", c.untagged.difficulty],
      ] as const
    )
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} without a ${what}`)
      .join(", ");
    add(
      "untagged",
      "note",
      `${plural(c.untagged.any, "task is", "tasks are")} missing a tag (${missing}); they are left out of that tag's counts.`,
    );
  }

  if (withTopic === 0) add("topics", "critical", "No task has a topic yet.");
  else {
    add(
      "topics",
      "note",
      `${plural(c.topics.length, "distinct topic")} across ${plural(withTopic, "task")} with a topic.`,
    );
  }

  // Stable sort: within a severity the rule order above stands.
  return gaps.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
