// Histogram bins chosen from the data (Freedman-Diaconis), rounded to widths people read easily.
// Fixed bins put every record of a job with short responses into one bar; these follow the spread.

export type Bins = { min: number; max: number; bins: number };

const MAX_BINS = 40;
const NICE = [1, 2, 2.5, 5, 10];

/** The smallest 1, 2, 2.5 or 5 x 10^k at or above x (integers only when `integer`). */
export function niceWidth(x: number, integer: boolean): number {
  if (!(x > 0)) return integer ? 1 : Number.EPSILON;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of NICE) {
    const w = step * power;
    if (w >= x * (1 - 1e-12) && (!integer || Number.isInteger(w))) return w;
  }
  return 10 * power;
}

function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/**
 * Bin width 2·IQR·n^(-1/3) (Freedman-Diaconis), made nice; bins from the smallest value to the 99th percentile,
 * so a few very long texts gather in the last bin (drawn "x+") instead of squeezing the rest into one bar.
 * `integer` for counts (word lengths); `domain` clamps the range (ROUGE-L lies in [0, 1]).
 */
export function chooseBins(
  values: number[],
  opts: { integer?: boolean; domain?: [number, number] } = {},
): Bins {
  const integer = opts.integer ?? false;
  const [floor, ceiling] = opts.domain ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  if (!values.length) return { min: Math.max(0, floor), max: Math.min(1, ceiling), bins: 1 };
  const sorted = Float64Array.from(values).sort();
  const lowest = Math.max(floor, sorted[0] as number);
  const top = Math.min(ceiling, sorted.length >= 100 ? quantile(sorted, 0.99) : (sorted.at(-1) as number));
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  const spread = top - lowest;
  // With no spread in the middle half (many equal values), fall back to the range over sqrt(n) bins.
  const raw = iqr > 0 ? (2 * iqr) / Math.cbrt(sorted.length) : spread / Math.max(1, Math.sqrt(sorted.length));
  let width = niceWidth(raw > 0 ? raw : integer ? 1 : Math.max(Math.abs(lowest), 1) / 10, integer);
  while (Math.ceil(spread / width) + 1 > MAX_BINS) width = niceWidth(width * 1.01, integer);
  const min = Math.max(floor, Math.floor(lowest / width) * width);
  // One bin past the top value, so the top value sits inside a bin and not on the last edge.
  const bins = Math.max(1, Math.floor((top - min) / width) + 1);
  const max = Math.min(ceiling, min + bins * width);
  return { min, max, bins: Math.max(1, Math.round((max - min) / width)) };
}
