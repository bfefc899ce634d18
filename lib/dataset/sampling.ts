// Spot-check statistics: how many records to grade for a target margin of error, and the interval around the
// share found acceptable. Pure, so the page, the tests and the CLI agree.

import { wilsonBounds } from "@/lib/quality/normal";

/** z for a two-sided 95% interval, as the sample-size tables use it (1.96: ±5 points needs 385). */
export const Z95 = 1.96;

/**
 * Records to grade so that a 95% interval around a share is at most ±margin wide, for a population of N
 * records: Cochran's n0 = z²·p(1−p)/e² at the worst case p = 0.5, with the finite population correction
 * n = n0 / (1 + (n0 − 1)/N). ±5 points needs 385 of a large job, all 20 of a job of 20.
 */
export function sampleSizeFor(margin: number, population: number, z = Z95): number {
  if (!(margin > 0)) throw new RangeError("The margin of error must be above 0.");
  if (population <= 0) return 0;
  const n0 = (z * z * 0.25) / (margin * margin);
  const n = n0 / (1 + (n0 - 1) / population);
  return Math.min(population, Math.max(1, Math.ceil(n - 1e-9)));
}

export type Estimate = {
  /** graded records */
  n: number;
  /** of them, acceptable */
  k: number;
  /** k / n (null when nothing is graded yet) */
  share: number | null;
  low: number | null;
  high: number | null;
};

/**
 * The share acceptable with its 95% Wilson score interval (good at small n and at shares near 0 or 1, where
 * the textbook p ± z·se interval falls outside [0, 1]). Sampling without replacement from N records, the
 * variance shrinks by the finite population correction (N − n)/(N − 1), applied to z²: grading every record
 * leaves no uncertainty.
 */
export function wilsonInterval(k: number, n: number, population?: number, z = Z95): Estimate {
  if (n <= 0) return { n: 0, k: 0, share: null, low: null, high: null };
  const p = k / n;
  const fpc = population && population > 1 ? Math.max(0, (population - n) / (population - 1)) : 1;
  return { n, k, share: p, ...wilsonBounds(p, n, z * Math.sqrt(fpc)) };
}

export type Stratum = { population: number; n: number; k: number };

/**
 * The share acceptable over several jobs, each spot-checked on its own sample: a stratified estimate, each
 * job weighted by its size (a small job graded heavily must not outweigh a large one), with the normal
 * interval of the stratified mean and each stratum's finite population correction. One stratum is the
 * Wilson interval above. Strata with nothing graded are left out (the estimate covers the others).
 */
export function stratifiedEstimate(strata: Stratum[], z = Z95): Estimate {
  const graded = strata.filter((s) => s.n > 0 && s.population > 0);
  if (graded.length === 0) return { n: 0, k: 0, share: null, low: null, high: null };
  const n = graded.reduce((a, s) => a + s.n, 0);
  const k = graded.reduce((a, s) => a + s.k, 0);
  if (graded.length === 1) {
    const only = graded[0] as Stratum;
    return wilsonInterval(only.k, only.n, only.population, z);
  }
  const total = graded.reduce((a, s) => a + s.population, 0);
  let share = 0;
  let variance = 0;
  for (const s of graded) {
    const w = s.population / total;
    const p = s.k / s.n;
    const fpc = s.population > 1 ? Math.max(0, (s.population - s.n) / (s.population - 1)) : 0;
    share += w * p;
    variance += (w * w * p * (1 - p) * fpc) / s.n;
  }
  const half = z * Math.sqrt(variance);
  return { n, k, share, low: Math.max(0, share - half), high: Math.min(1, share + half) };
}
