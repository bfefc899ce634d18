// z for a two-sided 95% interval under the normal approximation. The same 1.96 as the spot checks'
// (lib/dataset/sampling.ts); kept here so the quality statistics do not depend on the dataset domain.
export const Z95 = 1.96;

/**
 * The Wilson score interval around a share p of n: good at small n and at shares near 0 or 1, where the
 * textbook p ± z·se interval collapses to a point (5 of 5 gives [0.57, 1], not [1, 1]) or leaves [0, 1].
 * It holds for any mean of values in [0, 1], not only a count of successes: their variance is at most
 * p(1 − p), the variance it assumes, so for such a mean it errs on the wide side.
 */
export function wilsonBounds(p: number, n: number, z = Z95): { low: number; high: number } {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
