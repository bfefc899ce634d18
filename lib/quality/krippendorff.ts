import type { Category } from "./agreement";

// Krippendorff's alpha for nominal data: agreement among any number of raters, each unit rated by any
// subset of them (missing ratings allowed). Read as reliable at >= 0.8 and tentative at >= 0.667
// (PIPELINE.md section 8). Computed through the coincidence matrix as in Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability": a unit rated by m_u >= 2 raters adds each ordered pair of its values
// with weight 1/(m_u − 1); units rated once are not pairable and are left out.
//   alpha = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k

export type Alpha = {
  /** null when undefined: fewer than 2 pairable values, or every value the same (no expected disagreement) */
  alpha: number | null;
  /** pairable values (n in the formula) */
  pairable: number;
  /** units rated by at least two raters */
  units: number;
  /** observed and expected disagreement (D_o, D_e); alpha = 1 − D_o / D_e */
  observedDisagreement: number | null;
  expectedDisagreement: number | null;
};

/** `units[u]` holds each rater's value for unit u, null or undefined where that rater gave none. */
export function krippendorffAlpha<C extends Category>(
  units: readonly (readonly (C | null | undefined)[])[],
): Alpha {
  // o_ck restricted to c ≠ k is all the formula needs, with the totals n_c.
  const totals = new Map<C, number>();
  let disagreeing = 0;
  let pairableUnits = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is C => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    pairableUnits++;
    const counts = new Map<C, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [v, c] of counts) totals.set(v, (totals.get(v) ?? 0) + c);
    // Ordered pairs of different values in this unit: m² − Σ count², each weighted 1/(m − 1).
    let same = 0;
    for (const c of counts.values()) same += c * c;
    disagreeing += (m * m - same) / (m - 1);
  }
  const n = [...totals.values()].reduce((a, b) => a + b, 0);
  let squares = 0;
  for (const c of totals.values()) squares += c * c;
  const expectedPairs = n * n - squares; // Σ_{c≠k} n_c·n_k
  const base = { pairable: n, units: pairableUnits };
  if (n < 2 || expectedPairs === 0) {
    return { ...base, alpha: null, observedDisagreement: null, expectedDisagreement: null };
  }
  const observedDisagreement = disagreeing / n;
  const expectedDisagreement = expectedPairs / (n * (n - 1));
  return {
    ...base,
    alpha: 1 - observedDisagreement / expectedDisagreement,
    observedDisagreement,
    expectedDisagreement,
  };
}
