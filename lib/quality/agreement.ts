import { Z95 } from "./normal";

// Agreement between two raters on nominal categories (a reviewer and the LLM rater, a clinician and the
// judge, two graders of one sample): the confusion table and Cohen's kappa with its 95% interval. Pure and
// client-safe: the pages, the jobs and the CLI compute the same numbers.

export type Category = string | number | boolean;

/** counts[i][j]: units the first rater put in categories[i] and the second in categories[j]. */
export type ConfusionTable<C extends Category = Category> = {
  categories: C[];
  counts: number[][];
  n: number;
};

/**
 * The table of paired ratings. Categories come in the order given (so a table always shows every grade,
 * even one nobody used), else in sorted order of the values seen. A pair with a value outside the given
 * categories is a caller bug and throws.
 */
export function confusionTable<C extends Category>(
  pairs: readonly (readonly [C, C])[],
  categories?: readonly C[],
): ConfusionTable<C> {
  const cats = categories ? [...categories] : sortedUnique(pairs.flat() as C[]);
  const index = new Map<C, number>(cats.map((c, i) => [c, i]));
  const counts = cats.map(() => cats.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) {
      throw new RangeError(`A rating (${String(i === undefined ? a : b)}) is not one of the categories.`);
    }
    (counts[i] as number[])[j] = ((counts[i] as number[])[j] as number) + 1;
  }
  return { categories: cats, counts, n: pairs.length };
}

function sortedUnique<C extends Category>(values: C[]): C[] {
  return [...new Set(values)].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b)),
  );
}

/** Below this many paired judgements a kappa swings too widely to mean much (its interval spans most of [-1, 1]). */
export const KAPPA_FEW_PAIRS = 10;

/** How a page names what a kappa is over, for kappaNotYet. */
export type KappaWords = {
  /** plural: "items", "records" */
  units: string;
  /** who paired them: "judged by you and the judge" */
  by: string;
  /** the two raters: "you and the judge" */
  both: string;
  /** what each gives, singular and plural: "verdict", "verdicts" */
  rating: string;
  ratings: string;
};

/**
 * Kappa in plain words while it is no measure: over fewer than 2 pairs (0 or undefined whatever the ratings),
 * or undefined because both raters gave every unit one and the same rating (chance agreement is then
 * complete). Null once it is a number worth showing. Pages say this rather than a dash.
 */
export function kappaNotYet(kappa: Pick<Kappa, "n" | "kappa">, w: KappaWords): string | null {
  if (kappa.n < 2)
    return `Cohen's kappa: not computed yet: it needs at least 2 ${w.units} ${w.by} (${kappa.n} so far).`;
  if (kappa.kappa === null)
    return `Cohen's kappa: not defined yet: over ${kappa.n} ${w.units}, ${w.both} gave one and the same ${w.rating} every time, and kappa needs ${w.ratings} that vary.`;
  return null;
}

/** What a page says beside a kappa over n pairs: a caveat while they are too few, else nothing. */
export function kappaCaveat(n: number): string | null {
  if (n >= KAPPA_FEW_PAIRS) return null;
  return `Only ${n} ${n === 1 ? "pair" : "pairs"} so far: too few for kappa to say much; it settles from about ${KAPPA_FEW_PAIRS} on.`;
}

export type Kappa = {
  /** null when undefined: no pairs, or chance agreement is 1 (both raters used one and the same category) */
  kappa: number | null;
  /** large-sample standard error (Fleiss, Cohen & Everitt 1969); null with kappa, or with fewer than 2 pairs */
  standardError: number | null;
  /** 95% interval kappa ± 1.96·SE, clipped to [-1, 1] */
  low: number | null;
  high: number | null;
  /** share of units the raters agree on (p_o) */
  observed: number | null;
  /** agreement expected by chance from the raters' own category shares (p_e) */
  expected: number | null;
  n: number;
};

/**
 * Cohen's kappa, κ = (p_o − p_e) / (1 − p_e), from a square table of counts.
 *
 * Its standard error is the large-sample one of Fleiss, Cohen & Everitt (1969), as given in Fleiss, Levin &
 * Paik, Statistical Methods for Rates and Proportions (3rd ed., eq. 18.13): with cell shares p_ij and
 * marginals p_i. (first rater) and p_.j (second),
 *   Var(κ) = [ Σ_i p_ii (1 − (p_i. + p_.i)(1 − κ))²
 *            + (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)²
 *            − (κ − p_e (1 − κ))² ] / (n (1 − p_e)²).
 * It is the variance of κ where it is (not the one under κ = 0, which only tests "better than chance"), so
 * it is the right one for an interval. Cohen's (1960) simpler p_o(1 − p_o)/(n(1 − p_e)²) treats the
 * raters' category shares as fixed; it is not used.
 */
export function cohensKappa(table: Pick<ConfusionTable, "counts">, z = Z95): Kappa {
  const k = table.counts.length;
  const n = table.counts.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const none: Kappa = {
    kappa: null,
    standardError: null,
    low: null,
    high: null,
    observed: null,
    expected: null,
    n,
  };
  if (n === 0) return none;
  const p = table.counts.map((row) => row.map((c) => c / n));
  const cell = (i: number, j: number) => (p[i] as number[])[j] as number;
  const rows = p.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = p.map((_, j) => p.reduce((a, row) => a + (row[j] as number), 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    observed += cell(i, i);
    expected += (rows[i] as number) * (cols[i] as number);
  }
  // Chance agreement of 1: the raters each used a single category, the same one; kappa is 0/0.
  if (expected >= 1 - 1e-12) return { ...none, observed, expected };
  const kappa = (observed - expected) / (1 - expected);
  if (n < 2) return { ...none, kappa, observed, expected };

  let a = 0;
  let b = 0;
  for (let i = 0; i < k; i++) {
    const ri = rows[i] as number;
    const ci = cols[i] as number;
    a += cell(i, i) * (1 - (ri + ci) * (1 - kappa)) ** 2;
    for (let j = 0; j < k; j++) {
      if (i !== j) b += cell(i, j) * (ci + (rows[j] as number)) ** 2;
    }
  }
  const c = (kappa - expected * (1 - kappa)) ** 2;
  // Rounding can take a zero variance (perfect agreement) a hair below 0.
  const variance = Math.max(0, (a + (1 - kappa) ** 2 * b - c) / (n * (1 - expected) ** 2));
  const standardError = Math.sqrt(variance);
  // A zero variance short of perfect (dis)agreement is the formula failing, not certainty: it happens when a rater
  // gave every unit one category (a judge calling all ties); no interval then rather than "0.00 to 0.00".
  const estimable = standardError > 0 || Math.abs(kappa) >= 1 - 1e-12;
  return {
    kappa,
    standardError,
    low: estimable ? Math.max(-1, kappa - z * standardError) : null,
    high: estimable ? Math.min(1, kappa + z * standardError) : null,
    observed,
    expected,
    n,
  };
}

/** The confusion table and kappa of paired ratings, in one call. */
export function pairAgreement<C extends Category>(
  pairs: readonly (readonly [C, C])[],
  categories?: readonly C[],
): { table: ConfusionTable<C>; kappa: Kappa } {
  const table = confusionTable(pairs, categories);
  return { table, kappa: cohensKappa(table) };
}
