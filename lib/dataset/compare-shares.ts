import type { Count } from "./types";

// Client-safe: the rows of a seeds-vs-generated bar chart (components/dataset/compare-bars.tsx).

export type ShareRow = { label: string; Seeds: number; Generated: number };

const share = (list: readonly Count[], label: string) => {
  const total = list.reduce((n, c) => n + c.count, 0);
  const c = list.find((x) => x.label === label)?.count ?? 0;
  return total ? (c * 100) / total : 0;
};

/**
 * Each label's share of each side in percent (one decimal), by the generated share then the seeds' unless
 * `fixedOrder`. With `top`, at most `top.count` labels, the rest of each side (its own `top.other` included)
 * in one `top.other` row: each side arrives cut to its own top labels, so together they could show twice as
 * many.
 */
export function compareShares(
  seeds: readonly Count[],
  generated: readonly Count[],
  { fixedOrder = false, top }: { fixedOrder?: boolean; top?: { count: number; other: string } } = {},
): ShareRow[] {
  let labels = [...new Set([...generated.map((c) => c.label), ...seeds.map((c) => c.label)])];
  if (!fixedOrder)
    labels.sort((a, b) => share(generated, b) - share(generated, a) || share(seeds, b) - share(seeds, a));
  const folded = top !== undefined && labels.filter((l) => l !== top.other).length > top.count;
  if (top && folded) labels = labels.filter((l) => l !== top.other).slice(0, top.count);
  const rows = labels.map((label) => ({
    label,
    Seeds: share(seeds, label),
    Generated: share(generated, label),
  }));
  if (top && folded) {
    const rest = (side: "Seeds" | "Generated") => Math.max(0, 100 - rows.reduce((n, d) => n + d[side], 0));
    rows.push({ label: top.other, Seeds: rest("Seeds"), Generated: rest("Generated") });
  }
  return rows.map((r) => ({
    ...r,
    Seeds: Number(r.Seeds.toFixed(1)),
    Generated: Number(r.Generated.toFixed(1)),
  }));
}
