import { BitParallelMatcher } from "./bit-parallel";

export type Sequence = Int32Array | number[];

const shared = new BitParallelMatcher();

/**
 * LCS length by the bit-parallel algorithm; symbols may be any numbers. They are compared as Map keys
 * (SameValueZero), so NaN matches NaN here but not in lcsLengthDP's ===; token ids never hit this.
 */
export function lcsLength(a: Sequence, b: Sequence): number {
  if (a.length === 0 || b.length === 0) return 0;
  // The shorter side as pattern means fewer mask words per step.
  const [pattern, text] = a.length <= b.length ? [a, b] : [b, a];
  const dense = new Map<number, number>();
  const p = new Int32Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) {
    const s = pattern[i] as number;
    let id = dense.get(s);
    if (id === undefined) {
      id = dense.size;
      dense.set(s, id);
    }
    p[i] = id;
  }
  // Symbols absent from the pattern cannot change the result, so they are dropped up front.
  const t: number[] = [];
  for (let j = 0; j < text.length; j++) {
    const id = dense.get(text[j] as number);
    if (id !== undefined) t.push(id);
  }
  shared.setPattern(p);
  return shared.lcs(t);
}

/** Textbook O(n*m) dynamic programme; the reference the bit-parallel version is tested against. */
export function lcsLengthDP(a: Sequence, b: Sequence): number {
  const n = a.length;
  const m = b.length;
  let prev = new Int32Array(m + 1);
  let curr = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= m; j++) {
      curr[j] =
        ai === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, curr[j - 1] as number);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[m] as number;
}
