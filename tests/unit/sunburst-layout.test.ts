import { describe, expect, it } from "vitest";
import { arcDescription, sunburstLayout, verbHue } from "@/components/dataset/sunburst-layout";
import type { VerbObjectSummary } from "@/lib/dataset/types";

const summary = (verbs: number): VerbObjectSummary => ({
  n: 10_000,
  noVerbShare: 0.02,
  noObjectShare: 0.1,
  top: Array.from({ length: verbs }, (_, i) => ({
    verb: ["explain", "describe", "list", "identify", "summarize"][i % 5] + (i >= 5 ? String(i) : ""),
    count: 1000 - i * 40,
    objects: [
      { label: "disease", count: 300 - i * 10 },
      { label: "treatment", count: 200 - i * 8 },
    ],
  })),
});
const hueOf = (fill: string) => Number(/hsl\((\d+)/.exec(fill)?.[1]);

describe("the verb sunburst's layout", () => {
  it("keeps a bold verb label inside its ring (the seeds' 'summarize' ran off its arc at 360 px)", () => {
    // Five verbs, as in a small seed set: wide arcs, so only the ring's thickness limits a label.
    const arcs = sunburstLayout(summary(5), 360);
    const summarize = arcs.find((a) => a.ring === "verb" && a.verb === "summarize");
    expect(summarize?.label).toBeTruthy();
    for (const a of arcs.filter((x) => x.ring === "verb" && x.label)) {
      // a generous width for an 11 px semi-bold sans-serif character
      const width = (a.label as string).length * 11 * 0.62;
      expect(width, a.label as string).toBeLessThanOrEqual(a.outerRadius - a.innerRadius);
    }
  });

  it("gives each of 20 verbs a hue of its own, and neighbours hues far apart", () => {
    const hues = Array.from({ length: 20 }, (_, i) => verbHue(i, 20));
    expect(new Set(hues).size).toBe(20);
    for (let i = 1; i < 20; i++) {
      const d = Math.abs((hues[i] as number) - (hues[i - 1] as number)) % 360;
      expect(Math.min(d, 360 - d)).toBeGreaterThanOrEqual(60);
    }
    expect(new Set(Array.from({ length: 14 }, (_, i) => verbHue(i, 14))).size).toBe(14);
  });

  it("shades each verb's objects in the verb's hue, and fills the circle exactly once per ring", () => {
    const arcs = sunburstLayout(summary(20), 360);
    const verbs = arcs.filter((a) => a.ring === "verb");
    expect(verbs).toHaveLength(20);
    for (const v of verbs) {
      const objects = arcs.filter((a) => a.ring === "object" && a.verb === v.verb);
      expect(objects.length).toBe(3); // two named objects and "(other)"
      for (const o of objects) expect(hueOf(o.fill)).toBe(hueOf(v.fill));
      expect(objects[0]?.startAngle).toBeCloseTo(v.startAngle, 12);
      expect(objects.at(-1)?.endAngle).toBeCloseTo(v.endAngle, 12);
    }
    expect(verbs.at(-1)?.endAngle).toBeCloseTo(2 * Math.PI, 12);
  });

  it("labels the big arcs, shortens or leaves out the ones too small for their name", () => {
    const arcs = sunburstLayout(summary(20), 360);
    const explain = arcs.find((a) => a.ring === "verb" && a.verb === "explain");
    expect(explain?.label).toBe("explain");
    expect(
      arcs.find((a) => a.ring === "object" && a.verb === "explain" && a.object === "disease")?.label,
    ).toBe("disease");
    // "(other)" never carries a label; a tiny chart labels nothing.
    expect(arcs.filter((a) => a.object === "(other)").every((a) => a.label === null)).toBe(true);
    expect(sunburstLayout(summary(20), 60).every((a) => a.label === null || a.label.length <= 4)).toBe(true);
  });

  it("names the verb in every object's description", () => {
    const arcs = sunburstLayout(summary(3), 360);
    const disease = arcs.find((a) => a.ring === "object" && a.object === "disease");
    expect(disease && arcDescription(disease)).toBe('explain → disease: 300 (30.0% of "explain")');
    const verb = arcs.find((a) => a.ring === "verb");
    expect(verb && arcDescription(verb)).toMatch(/^explain: 1,000 \(\d+\.\d% of the verbs shown\)$/);
  });

  it("draws nothing without verbs", () => {
    expect(sunburstLayout({ n: 0, noVerbShare: 0, noObjectShare: 0, top: [] }, 360)).toEqual([]);
  });
});
