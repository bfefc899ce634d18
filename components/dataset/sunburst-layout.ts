import type { VerbObjectSummary } from "@/lib/dataset/types";

// Geometry and colours of the verb/object sunburst (Self-Instruct's and AlpaCare's diversity figure): the inner
// ring holds the top root verbs, the outer ring each verb's commonest direct objects; arcs are proportional to
// counts. Each verb has a hue of its own and its objects are shades of that hue.

export type Arc = {
  key: string;
  ring: "verb" | "object";
  verb: string;
  /** the object's noun; null on the inner ring; "(other)" for the verb's remaining objects */
  object: string | null;
  count: number;
  /** share of the verb's count (objects) or of all verbs shown (verbs) */
  share: number;
  startAngle: number;
  endAngle: number;
  innerRadius: number;
  outerRadius: number;
  fill: string;
  /** shown on the arc only when it fits */
  label: string | null;
  /** label position and rotation (degrees), reading outward from the centre */
  labelX: number;
  labelY: number;
  labelRotate: number;
};

export const OTHER_OBJECTS = "(other)";
/** Label sizes the chart draws with: verbs bold, objects regular (their widths differ: "summarize" in bold
 * 11 px was measured for 10 px regular and ran off its arc). */
export const LABEL_FONT = { verb: 11, object: 10 } as const;
// Average character width as a share of the font size, for a sans-serif label, regular and semi-bold.
const CHAR_WIDTH = { verb: 0.64, object: 0.62 } as const;

/** Hues spread round the wheel, neighbours far apart (a step of 7 of 20 segments, then round again). */
export function verbHue(rank: number, total: number): number {
  const n = Math.max(total, 1);
  const step = n % 7 === 0 ? 3 : 7;
  return Math.round((((rank * step) % n) * 360) / n);
}

export const verbColour = (hue: number) => `hsl(${hue} 65% 42%)`;
/** Objects as lighter shades of their verb's hue, the commonest darkest; "(other)" palest. */
export const objectColour = (hue: number, rank: number, other: boolean) =>
  other ? `hsl(${hue} 30% 90%)` : `hsl(${hue} 60% ${Math.min(56 + rank * 8, 82)}%)`;

/** Fits a label radially on an arc: its length along the ring's thickness, its height across the arc. */
function fitLabel(
  text: string,
  span: number,
  inner: number,
  outer: number,
  ring: "verb" | "object",
): string | null {
  if (!text) return null;
  const font = LABEL_FONT[ring];
  const mid = (inner + outer) / 2;
  const across = span * mid; // the arc's width at mid-radius
  const along = outer - inner - 4;
  if (across < font * 1.1) return null;
  const maxChars = Math.floor(along / (font * CHAR_WIDTH[ring]));
  if (maxChars >= text.length) return text;
  return maxChars >= 4 ? `${text.slice(0, maxChars - 1)}…` : null;
}

export function sunburstLayout(summary: VerbObjectSummary, size: number): Arc[] {
  const total = summary.top.reduce((n, v) => n + v.count, 0);
  if (!total) return [];
  const r0 = size * 0.14;
  const r1 = size * 0.31;
  const r2 = size * 0.49;
  const arcs: Arc[] = [];
  let angle = 0;
  const place = (a: Omit<Arc, "label" | "labelX" | "labelY" | "labelRotate">, text: string): Arc => {
    const mid = (a.startAngle + a.endAngle) / 2;
    const radius = (a.innerRadius + a.outerRadius) / 2;
    // d3's arcs start at 12 o'clock and run clockwise; text reads outward, flipped on the left half.
    const deg = (mid * 180) / Math.PI - 90;
    const flip = mid > Math.PI;
    return {
      ...a,
      label: fitLabel(text, a.endAngle - a.startAngle, a.innerRadius, a.outerRadius, a.ring),
      labelX: Math.sin(mid) * radius,
      labelY: -Math.cos(mid) * radius,
      labelRotate: flip ? deg + 180 : deg,
    };
  };
  summary.top.forEach((v, rank) => {
    const hue = verbHue(rank, summary.top.length);
    const span = (v.count / total) * 2 * Math.PI;
    arcs.push(
      place(
        {
          key: `v:${v.verb}`,
          ring: "verb",
          verb: v.verb,
          object: null,
          count: v.count,
          share: v.count / total,
          startAngle: angle,
          endAngle: angle + span,
          innerRadius: r0,
          outerRadius: r1,
          fill: verbColour(hue),
        },
        v.verb,
      ),
    );
    const shown = v.objects.reduce((n, o) => n + o.count, 0);
    const objects = [
      ...v.objects.map((o) => ({ name: o.label, count: o.count, other: false })),
      ...(v.count > shown ? [{ name: OTHER_OBJECTS, count: v.count - shown, other: true }] : []),
    ];
    let at = angle;
    objects.forEach((o, i) => {
      const s = (o.count / v.count) * span;
      arcs.push(
        place(
          {
            key: `o:${v.verb}:${o.name}`,
            ring: "object",
            verb: v.verb,
            object: o.name,
            count: o.count,
            share: o.count / v.count,
            startAngle: at,
            endAngle: at + s,
            innerRadius: r1,
            outerRadius: r2,
            fill: objectColour(hue, i, o.other),
          },
          o.other ? "" : o.name,
        ),
      );
      at += s;
    });
    angle += span;
  });
  return arcs;
}

/** What the tooltip says: the verb always, with the object where there is one. */
export function arcDescription(a: Arc): string {
  const pct = `${(a.share * 100).toFixed(1)}%`;
  return a.object === null
    ? `${a.verb}: ${a.count.toLocaleString("en-US")} (${pct} of the verbs shown)`
    : `${a.verb} → ${a.object}: ${a.count.toLocaleString("en-US")} (${pct} of "${a.verb}")`;
}
