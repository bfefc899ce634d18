"use client";

import { arc as d3arc } from "d3-shape";
import { useState } from "react";
import type { VerbObjectSummary } from "@/lib/dataset/types";
import { cn } from "@/lib/utils/cn";
import { type Arc, arcDescription, LABEL_FONT, sunburstLayout, verbColour, verbHue } from "./sunburst-layout";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const path = d3arc<Arc>().padAngle(0.004).padRadius(100);

/**
 * Self-Instruct's diversity figure: the top root verbs of the instructions (inner ring, labelled where they fit)
 * and each verb's commonest direct-object nouns (outer ring, shades of the verb's hue); arcs are proportional
 * to counts. Hovering an arc names its verb and object; the list beside it says everything in words.
 */
export function VerbSunburst({
  title,
  summary,
  size = 360,
}: {
  title: string;
  summary: VerbObjectSummary;
  size?: number;
}) {
  const arcs = sunburstLayout(summary, size);
  const [active, setActive] = useState<Arc | null>(null);
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
      {arcs.length ? (
        <div className="relative">
          {/* biome-ignore lint/a11y/useKeyWithMouseEvents: hovering only repeats what the list below and each arc's title say */}
          <svg
            role="img"
            aria-label={words}
            width={size}
            height={size}
            viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`}
            className="max-w-full"
            onMouseLeave={() => setActive(null)}
            onMouseOver={(e) => {
              const key = (e.target as Element).getAttribute("data-key");
              setActive(arcs.find((a) => a.key === key) ?? null);
            }}
          >
            {arcs.map((a) => (
              <path
                key={a.key}
                d={path(a) ?? undefined}
                fill={a.fill}
                stroke="white"
                strokeWidth={active?.key === a.key ? 2 : 0.5}
                data-key={a.key}
              >
                <title>{arcDescription(a)}</title>
              </path>
            ))}
            {arcs.map((a) =>
              a.label ? (
                <text
                  key={`t:${a.key}`}
                  transform={`translate(${a.labelX},${a.labelY}) rotate(${a.labelRotate})`}
                  textAnchor="middle"
                  dominantBaseline="central"
                  fontSize={LABEL_FONT[a.ring]}
                  fontWeight={a.ring === "verb" ? 600 : 400}
                  fill={a.ring === "verb" ? "white" : "#1f2937"}
                  pointerEvents="none"
                  data-ring={a.ring}
                >
                  {a.label}
                </text>
              ) : null,
            )}
          </svg>
          <p
            aria-live="polite"
            className={cn(
              "-translate-x-1/2 pointer-events-none absolute bottom-0 left-1/2 max-w-full truncate rounded text-xs",
              // Empty, it draws nothing (it showed as a white notch over the bottom of the rings).
              active && "bg-background/90 px-2",
            )}
          >
            {active ? arcDescription(active) : ""}
          </p>
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
                style={{ background: verbColour(verbHue(i, summary.top.length)) }}
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
