"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { compareShares } from "@/lib/dataset/compare-shares";
import type { Count } from "@/lib/dataset/types";
import { GENERATED_COLOUR, SEEDS_COLOUR } from "./palette";

type Props = {
  title: string;
  seeds: Count[];
  generated: Count[];
  /** keep this order of labels (e.g. difficulty 1..5); else by the generated share */
  fixedOrder?: boolean;
  /**
   * At most this many labels, the rest folded into `other` on each side. Each side is cut to its own top
   * labels beforehand (the analysis keeps 20 topics), so the two lists together could show twice as many.
   */
  top?: { count: number; other: string };
};

/** Seeds next to generated records as shares (their sizes differ a thousandfold), so drift is visible. */
export function CompareBars({ title, seeds, generated, fixedOrder = false, top }: Props) {
  const data = compareShares(seeds, generated, { fixedOrder, top });
  const rows = data.length > 6;
  const height = rows ? Math.max(160, data.length * 34 + 60) : 260;
  const words = `${title}, share of seeds vs generated: ${data.map((d) => `${d.label} ${d.Seeds}% vs ${d.Generated}%`).join("; ")}.`;
  return (
    <figure className="grid gap-2" aria-label={title}>
      <figcaption className="font-medium text-sm">{title}</figcaption>
      <div role="img" aria-label={words} style={{ height }} className="overflow-hidden">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height }}>
          <BarChart
            data={data}
            layout={rows ? "vertical" : "horizontal"}
            margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={!rows} vertical={rows} />
            {rows ? (
              <>
                <XAxis type="number" unit="%" fontSize={11} />
                <YAxis type="category" dataKey="label" width={150} fontSize={11} interval={0} />
              </>
            ) : (
              <>
                <XAxis dataKey="label" fontSize={11} interval={0} />
                <YAxis unit="%" fontSize={11} />
              </>
            )}
            <Tooltip formatter={(v) => `${v}%`} />
            <Legend />
            <Bar dataKey="Seeds" fill={SEEDS_COLOUR} isAnimationActive={false} />
            <Bar dataKey="Generated" fill={GENERATED_COLOUR} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
