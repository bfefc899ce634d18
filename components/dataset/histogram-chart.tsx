"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Histogram } from "@/lib/dataset/types";
import { GENERATED_COLOUR } from "./palette";

const fmt = (x: number, digits: number) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));

/** Counts per bin; the last bin holds everything from its start up (labelled "x+"). */
export function HistogramChart({
  title,
  histogram: h,
  unit,
  digits = 0,
  colour = GENERATED_COLOUR,
}: {
  title: string;
  histogram: Histogram;
  unit: string;
  digits?: number;
  colour?: string;
}) {
  const data = h.counts.map((count, i) => {
    const from = h.min + i * h.width;
    const last = i === h.counts.length - 1;
    return {
      bin: last ? `${fmt(from, digits)}+` : `${fmt(from, digits)}–${fmt(from + h.width, digits)}`,
      count,
    };
  });
  const stats =
    h.n > 0
      ? `mean ${h.mean?.toFixed(digits + 1)} ${unit}, median ${h.median?.toFixed(digits + 1)} ${unit}, ${h.n.toLocaleString("en-US")} values`
      : "no values";
  const words = `${title}: ${stats}; ${data
    .filter((d) => d.count)
    .map((d) => `${d.bin}: ${d.count}`)
    .join(", ")}.`;
  return (
    <figure className="grid gap-2">
      <figcaption className="font-medium text-sm">
        {title} <span className="font-normal text-muted-foreground text-xs">({stats})</span>
      </figcaption>
      <div role="img" aria-label={words} style={{ height: 200 }} className="overflow-hidden">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height: 200 }}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} barCategoryGap={1}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bin" fontSize={10} interval="preserveStartEnd" />
            <YAxis fontSize={10} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" fill={colour} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
