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
  // The root's value is the whole circle (Recharts scales every arc against it).
  const data = {
    name: title,
    value: summary.top.reduce((n, v) => n + v.count, 0),
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
            // Recharts writes each arc's count on it, not its name: names are in the tooltip and the list.
            textOptions={{ fontSize: "0px", fill: "none", stroke: "none" } as never}
          >
            <Tooltip />
          </SunburstChart>
        </div>
      ) : (
        <p className="text-muted-foreground text-sm">No verb found.</p>
      )}
      {summary.top.length ? (
        <ol className="grid w-full max-w-md grid-cols-2 gap-x-4 gap-y-0.5 text-xs">
          {summary.top.map((v, i) => (
            <li key={v.verb} className="flex items-baseline gap-1.5">
              <span
                aria-hidden="true"
                className="inline-block size-2.5 shrink-0 rounded-sm"
                style={{ background: PALETTE[i % PALETTE.length] }}
              />
              <span>
                <strong className="font-medium">{v.verb}</strong> {v.count}
                {v.objects.length ? (
                  <span className="text-muted-foreground"> · {v.objects.map((o) => o.label).join(", ")}</span>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      <p className="text-muted-foreground text-xs">
        {summary.n.toLocaleString("en-US")} instructions · no root verb in {pct(summary.noVerbShare)} · verb
        without an object in {pct(summary.noObjectShare)}
      </p>
    </figure>
  );
}
