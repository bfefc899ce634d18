import type { SeedStatusName } from "@/lib/model/seed-status";
import { VIEW_GROUP_LABELS } from "@/lib/model/vocabulary";
import type { CoverageCounts } from "@/lib/seeds/coverage";
import type { CoverageGap } from "@/lib/seeds/coverage-gaps";
import { CountTable } from "./count-table";
import { type CoverageBar, CoverageBarChart } from "./coverage-bar-chart";
import { listHref } from "./list-href";

type Props = { counts: CoverageCounts; gaps: CoverageGap[]; statuses: SeedStatusName[] };

const TOP_TOPICS = 20;

// The charts mark what the gap rules flagged (one source of truth for the thresholds).
function flagOf(gaps: CoverageGap[], id: string, whenWarning: string): string | undefined {
  const gap = gaps.find((g) => g.id === id);
  if (!gap || gap.severity === "note") return undefined;
  return gap.severity === "critical" ? "none" : whenWarning;
}

export function DifficultyChart({ counts, gaps, statuses }: Props) {
  const of = counts.total - counts.untagged.difficulty;
  const bars: CoverageBar[] = counts.difficulty.map(({ level, count }) => ({
    label: `Difficulty ${level}`,
    short: String(level),
    count,
    href: listHref(statuses, { difficulty: [level] }),
    flag: flagOf(gaps, `difficulty:${level}`, "low"),
  }));
  return (
    <CoverageBarChart
      id="difficulty-chart"
      title="Tasks by difficulty"
      description="1 is a basic fact, 5 a complex real case. Each level should hold at least 10% of tasks."
      bars={bars}
      orientation="columns"
      of={of}
    >
      <CountTable
        summary="The numbers"
        caption="Tasks by difficulty"
        label="Difficulty"
        rows={bars}
        of={of}
        open
      />
    </CoverageBarChart>
  );
}

export function ViewGroupChart({ counts, gaps, statuses }: Props) {
  const of = counts.total - counts.untagged.view;
  const bars: CoverageBar[] = counts.viewGroups.map(({ group, count }) => ({
    label: VIEW_GROUP_LABELS[group],
    count,
    flag: flagOf(gaps, `group:${group}`, "low"),
  }));
  return (
    <CoverageBarChart
      id="view-group-chart"
      title="Tasks by point of view"
      description="Whose voice a task is written in. Each group should hold at least 15% of tasks."
      bars={bars}
      orientation="rows"
      of={of}
    >
      <div className="grid gap-2">
        {counts.viewGroups.map(({ group }) => {
          const views = counts.views.filter((v) => v.group === group);
          return (
            <CountTable
              key={group}
              summary={`${VIEW_GROUP_LABELS[group]}: ${views.length} ${views.length === 1 ? "view" : "views"}`}
              caption={`Views in the ${VIEW_GROUP_LABELS[group]} group`}
              label="View"
              rows={views.map((v) => ({
                label: v.view,
                count: v.count,
                href: listHref(statuses, { view: v.view }),
              }))}
              of={of}
            />
          );
        })}
      </div>
    </CoverageBarChart>
  );
}

export function TopicChart({ counts, gaps, statuses }: Props) {
  const of = counts.total - counts.untagged.topic;
  const rows: CoverageBar[] = counts.topics.map(({ topic, count }) => ({
    label: topic,
    count,
    href: listHref(statuses, { topic }),
    flag: flagOf(gaps, `topic:${topic}`, "over 25%"),
  }));
  const rest = rows.slice(TOP_TOPICS);
  const bars = rows.slice(0, TOP_TOPICS);
  if (rest.length) {
    bars.push({
      label: `${rest.length} more ${rest.length === 1 ? "topic" : "topics"}`,
      count: rest.reduce((sum, r) => sum + r.count, 0),
      muted: true,
    });
  }
  return (
    <CoverageBarChart
      id="topic-chart"
      title="Tasks by topic"
      description={
        rest.length
          ? `The ${TOP_TOPICS} most used of ${rows.length} topics; the last bar adds up the other ${rest.length}. No topic should hold over 25% of tasks.`
          : `All ${rows.length} topics. No topic should hold over 25% of tasks.`
      }
      bars={bars}
      orientation="rows"
      of={of}
    >
      <CountTable
        summary={`Show all ${rows.length} topics`}
        caption="Tasks by topic"
        label="Topic"
        rows={rows}
        of={of}
      />
    </CoverageBarChart>
  );
}
