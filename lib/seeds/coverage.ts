import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";
import { guessViewGroup, VIEW_GROUPS, type ViewGroupName, vocabKey } from "@/lib/model/vocabulary";

// Counts behind the coverage dashboard: how the seed set spreads over task type x difficulty, topic and view.

export const COVERAGE_SCOPES = ["all", "approved"] as const;
export type CoverageScope = (typeof COVERAGE_SCOPES)[number];

export const COVERAGE_SCOPE_LABELS: Record<CoverageScope, string> = {
  all: "All in use",
  approved: "Approved only",
};

export const DIFFICULTY_LEVELS = [1, 2, 3, 4, 5] as const;

/** `?scope=` from the URL; anything unknown means "all in use". */
export function parseCoverageScope(raw: unknown): CoverageScope {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === "approved" ? "approved" : "all";
}

/** "All in use" leaves out rejected and archived tasks: they will never be exported. */
export function scopeStatuses(scope: CoverageScope): SeedStatusName[] {
  return scope === "approved" ? ["APPROVED"] : ["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED"];
}

export type TypeCoverage = {
  taskType: string;
  /** one of the 10 AlpaCare types (the others were added by an admin, or are legacy values) */
  canonical: boolean;
  /** tasks at difficulty 1..5 (index 0..4) */
  byDifficulty: number[];
  /** every task of this type, those without a difficulty included */
  total: number;
};

export type CoverageCounts = {
  scope: CoverageScope;
  total: number;
  approved: number;
  /** tasks missing a tag: `any` counts each task once */
  untagged: { any: number; topic: number; view: number; taskType: number; difficulty: number };
  /** canonical types first (in AlpaCare's order), then the other types alphabetically */
  types: TypeCoverage[];
  /** tasks at each difficulty 1..5, whatever their type */
  difficulty: { level: number; count: number }[];
  /** most used first */
  topics: { topic: string; count: number }[];
  /** most used first */
  views: { view: string; group: ViewGroupName; count: number }[];
  /** in VIEW_GROUPS order */
  viewGroups: { group: ViewGroupName; count: number }[];
};

type GroupedRow = {
  /** GROUPING(topic, view, taskType, difficulty): a set bit means that column is rolled up */
  g: number;
  topic: string | null;
  view: string | null;
  taskType: string | null;
  difficulty: number | null;
  n: number;
  approved: number;
  untagged: number;
};

const BY_TOPIC = 0b0111;
const BY_VIEW = 0b1011;
const BY_TYPE_DIFFICULTY = 0b1100;
const OVERALL = 0b1111;

type VocabularyRow = {
  kind: "VIEW" | "TASK_TYPE" | "TOPIC";
  value: string;
  viewGroup: ViewGroupName | null;
};

/** Every count of the dashboard in one grouped query (plus the vocabulary, for view groups and added types). */
export async function getCoverage(scope: CoverageScope): Promise<CoverageCounts> {
  const statuses = scopeStatuses(scope);
  const [rows, terms] = await Promise.all([
    db.$queryRaw<GroupedRow[]>`
      SELECT GROUPING(s."topic", s."view", s."taskType", s."difficulty")::int AS "g",
             s."topic", s."view", s."taskType", s."difficulty",
             count(*)::int AS "n",
             (count(*) FILTER (WHERE s."status" = 'APPROVED'))::int AS "approved",
             (count(*) FILTER (WHERE s."topic" = '' OR s."view" = '' OR s."taskType" = ''
                                  OR s."difficulty" IS NULL))::int AS "untagged"
      FROM "SeedTask" s
      WHERE s."status"::text IN (${Prisma.join(statuses)})
      GROUP BY GROUPING SETS ((s."topic"), (s."view"), (s."taskType", s."difficulty"), ())`,
    db.vocabularyTerm.findMany({
      where: { kind: { in: ["VIEW", "TASK_TYPE"] } },
      select: { kind: true, value: true, viewGroup: true },
    }),
  ]);
  return summarizeCoverage(scope, rows, terms);
}

/** Turns the grouped rows into the dashboard's shape. */
function summarizeCoverage(scope: CoverageScope, rows: GroupedRow[], terms: VocabularyRow[]): CoverageCounts {
  const overall = rows.find((r) => r.g === OVERALL);
  const untagged = { any: overall?.untagged ?? 0, topic: 0, view: 0, taskType: 0, difficulty: 0 };

  const topics: CoverageCounts["topics"] = [];
  for (const r of rows.filter((r) => r.g === BY_TOPIC)) {
    if (r.topic) topics.push({ topic: r.topic, count: r.n });
    else untagged.topic += r.n;
  }

  const groupOf = new Map<string, ViewGroupName>();
  for (const t of terms) if (t.kind === "VIEW" && t.viewGroup) groupOf.set(vocabKey(t.value), t.viewGroup);
  const views: CoverageCounts["views"] = [];
  for (const r of rows.filter((r) => r.g === BY_VIEW)) {
    if (r.view) {
      views.push({
        view: r.view,
        group: groupOf.get(vocabKey(r.view)) ?? guessViewGroup(r.view),
        count: r.n,
      });
    } else untagged.view += r.n;
  }

  const typeRows = new Map<string, TypeCoverage>();
  const typeRow = (taskType: string) => {
    let row = typeRows.get(taskType);
    if (!row) {
      const canonical = (CANONICAL_TASK_TYPES as readonly string[]).includes(taskType);
      row = { taskType, canonical, byDifficulty: [0, 0, 0, 0, 0], total: 0 };
      typeRows.set(taskType, row);
    }
    return row;
  };
  // Every canonical and admin-added type gets a row, so an empty one shows as a gap.
  for (const t of CANONICAL_TASK_TYPES) typeRow(t);
  for (const t of terms) if (t.kind === "TASK_TYPE") typeRow(t.value);
  const difficulty = DIFFICULTY_LEVELS.map((level) => ({ level, count: 0 }));
  for (const r of rows.filter((r) => r.g === BY_TYPE_DIFFICULTY)) {
    const d = r.difficulty === null ? -1 : r.difficulty - 1;
    const level = difficulty[d];
    if (level) level.count += r.n;
    else untagged.difficulty += r.n;
    if (!r.taskType) {
      untagged.taskType += r.n;
      continue;
    }
    const row = typeRow(r.taskType);
    row.total += r.n;
    if (level) row.byDifficulty[d] = (row.byDifficulty[d] ?? 0) + r.n;
  }
  const canonicalRank = (t: TypeCoverage) => {
    const i = (CANONICAL_TASK_TYPES as readonly string[]).indexOf(t.taskType);
    return i < 0 ? CANONICAL_TASK_TYPES.length : i;
  };

  const byCount =
    <T extends { count: number }>(key: (x: T) => string) =>
    (a: T, b: T) =>
      b.count - a.count || key(a).localeCompare(key(b));
  return {
    scope,
    total: overall?.n ?? 0,
    approved: overall?.approved ?? 0,
    untagged,
    types: [...typeRows.values()].sort(
      (a, b) => canonicalRank(a) - canonicalRank(b) || a.taskType.localeCompare(b.taskType),
    ),
    difficulty,
    topics: topics.sort(byCount((t) => t.topic)),
    views: views.sort(byCount((v) => v.view)),
    viewGroups: VIEW_GROUPS.map((group) => ({
      group,
      count: views.filter((v) => v.group === group).reduce((sum, v) => sum + v.count, 0),
    })),
  };
}
