"use client";

import { SunburstChart, Tooltip } from "recharts";
import type { VerbObjectSummary } from "@/lib/dataset/types";
import { PALETTE } from "./palette";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Self-Instruct's diversity figure: the top root verbs of the instructions (inner ring) and each verb's most
 * common direct-object nouns (outer ring); arcs are proportional to counts.
 */
export function VerbSunburst({
  title,
  summary,
  size = 340,
}: {
  title: string;
  summary: VerbObjectSummary;
  size?: number;
}) {
  const data = {
    name: title,
    children: summary.top.map((v, i) => {
      const colour = PALETTE[i % PALETTE.length] as string;
      const shown = v.objects.reduce((n, o) => n + o.count, 0);
      return {
        name: v.verb,
        value: v.count,
        fill: colour,
        children: [
          ...v.objects.map((o) => ({ name: o.label, value: o.count, fill: `${colour}b3` })),
          ...(v.count > shown ? [{ name: "(other)", value: v.count - shown, fill: `${colour}33` }] : []),
        ],
      };
    }),
  };
  const words = `${title}: ${summary.top
    .slice(0, 10)
    .map(
      (v) =>
        `${v.verb} ${v.count}${v.objects.length ? ` (${v.objects.map((o) => o.label).join(", ")})` : ""}`,
    )
    .join("; ")}. No verb found in ${pct(summary.noVerbShare)} of ${summary.n} instructions.`;
  return (
    <figure className="grid justify-items-center gap-2">
      <figcaption className="font-medium text-sm">{title}</figcaption>
      {summary.top.length ? (
        <div role="img" aria-label={words}>
          <SunburstChart
            data={data}
            width={size}
            height={size}
            innerRadius={size / 9}
            textOptions={{ fontSize: "10px", fill: "#fff" } as never}
          >
            <Tooltip />
          </SunburstChart>
        </div>
      ) : (
        <p className="text-muted-foreground text-sm">No verb found.</p>
      )}
      <p className="text-muted-foreground text-xs">
        {summary.n.toLocaleString("en-US")} instructions · no root verb in {pct(summary.noVerbShare)} · verb
        without an object in {pct(summary.noObjectShare)}
      </p>
    </figure>
  );
}
