"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  type BarShapeProps,
  CartesianGrid,
  LabelList,
  type LabelProps,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export type CoverageBar = {
  label: string;
  count: number;
  /** the seed list filtered to these tasks; absent when the list cannot filter by it */
  href?: string;
  /** why the gap rules flag it, e.g. "low" or "over 25%": drawn in the warning colour and said in the label */
  flag?: string;
  /** shorter axis label (e.g. "1" for "Difficulty 1") */
  short?: string;
  /** a summary bar (e.g. "47 more topics"), drawn in a neutral colour */
  muted?: boolean;
};

type Props = {
  id: string;
  title: string;
  description?: ReactNode;
  bars: CoverageBar[];
  /** "columns" for a few short labels (difficulty), "rows" for long or many labels (topics, views) */
  orientation: "columns" | "rows";
  /** what the share is of, for the labels and the text alternative, e.g. "tasks with a view" */
  of: number;
  /** below the chart: the numbers as a table, a note on what is left out... */
  children?: ReactNode;
};

const ROW_HEIGHT = 30;

// Bars in the primary colour, thin ones in the warning colour; every bar also carries its count and share
// as text, so colour is never the only signal.
export function CoverageBarChart({ id, title, description, bars, orientation, of, children }: Props) {
  const router = useRouter();
  const data = bars.map((b) => ({
    ...b,
    axis: b.short ?? b.label,
    text: `${b.count}${of > 0 ? ` · ${Math.round((b.count * 100) / of)}%` : ""}${b.flag ? ` · ${b.flag}` : ""}`,
  }));
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.count}${b.flag ? ` (${b.flag})` : ""}`).join(", ")}.`;
  const rows = orientation === "rows";
  const height = rows ? Math.max(120, bars.length * ROW_HEIGHT + 40) : 300;
  const longest = Math.max(0, ...data.map((b) => b.axis.length));

  return (
    <Card aria-labelledby={`${id}-title`} role="region" className="h-full gap-4">
      <CardHeader>
        <CardTitle>
          <h2 id={`${id}-title`}>{title}</h2>
        </CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="space-y-4">
        <div role="img" aria-label={summary} style={{ height }} className="overflow-hidden">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
            <BarChart
              data={data}
              layout={rows ? "vertical" : "horizontal"}
              margin={{ top: 20, right: rows ? 80 : 12, bottom: 4, left: 4 }}
              accessibilityLayer={false}
            >
              <CartesianGrid
                strokeDasharray="3 3"
                horizontal={!rows}
                vertical={rows}
                stroke="var(--border)"
              />
              {rows ? (
                <>
                  <XAxis type="number" allowDecimals={false} hide />
                  <YAxis
                    type="category"
                    dataKey="axis"
                    width={Math.min(220, 16 + longest * 7)}
                    tickLine={false}
                    axisLine={false}
                    interval={0}
                    tick={{ fontSize: 12, fill: "var(--foreground)" }}
                  />
                </>
              ) : (
                <>
                  <XAxis dataKey="axis" tickLine={false} tick={{ fontSize: 12, fill: "var(--foreground)" }} />
                  <YAxis allowDecimals={false} width={32} tick={{ fontSize: 12 }} axisLine={false} />
                </>
              )}
              <Tooltip
                cursor={{ fill: "var(--muted)" }}
                formatter={(value) => [value, "Tasks"]}
                contentStyle={{ borderRadius: 8, fontSize: 12 }}
              />
              <Bar
                dataKey="count"
                name="Tasks"
                radius={rows ? [0, 4, 4, 0] : [4, 4, 0, 0]}
                minPointSize={2}
                onClick={(item) => {
                  const href = (item.payload as CoverageBar | undefined)?.href;
                  if (href) router.push(href);
                }}
                shape={(props: BarShapeProps) => {
                  const bar = props.payload as CoverageBar;
                  return (
                    <Rectangle
                      {...props}
                      fill={
                        bar.flag ? "var(--warning)" : bar.muted ? "var(--muted-foreground)" : "var(--primary)"
                      }
                      fillOpacity={bar.muted ? 0.45 : 1}
                      style={{ cursor: bar.href ? "pointer" : "default" }}
                    />
                  );
                }}
              >
                <LabelList
                  dataKey="text"
                  position={rows ? "right" : "top"}
                  style={{ fontSize: 12, fill: "var(--foreground)" }}
                  content={rows ? undefined : ColumnLabel}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        {children}
      </CardContent>
    </Card>
  );
}

// Above a column on one line: the default label wraps to the bar's width, which splits "43 · 32%".
function ColumnLabel({ viewBox, value }: LabelProps) {
  if (!viewBox || !("width" in viewBox)) return "";
  const { x = 0, y = 0, width = 0 } = viewBox;
  return (
    <text x={x + width / 2} y={y - 6} textAnchor="middle" fontSize={12} fill="var(--foreground)">
      {value}
    </text>
  );
}
