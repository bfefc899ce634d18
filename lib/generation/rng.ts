import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";

// Seed sampling for task-generation requests. Each request's picks are a pure function of the run's
// rngSeed and the request's index, so a request lost in a crash is recomputed identically on any machine
// (no generator state to persist, no dependence on how many requests ran before it or in which order).

/** Chris Wellons' "lowbias32" integer hash: every input bit flips about half of the output bits. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h;
}

/** Low and high 32-bit words of a safe integer (negative values wrap like two's complement). */
function words(n: number): [number, number] {
  return [n | 0, Math.floor(n / 2 ** 32) | 0];
}

/**
 * An independent generator per (rngSeed, requestIndex). Hashing both into the 128-bit state keeps
 * neighbouring indexes uncorrelated; jumping a single stream requestIndex times would too, but costs
 * O(requestIndex) per request.
 */
function requestGenerator(rngSeed: number, requestIndex: number) {
  const input = [...words(rngSeed), ...words(requestIndex)];
  const state = [0, 1, 2, 3].map((lane) => {
    let h = mix32(0x9e3779b9 * (lane + 1));
    for (const w of input) h = mix32(h ^ w) + 0x632be5ab;
    return h | 0;
  });
  // xoroshiro128+ never leaves the all-zero state; the hash makes it astronomically unlikely, but be sure.
  if (!state.some((w) => w !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

function assertSafeInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number of at least ${min} (got ${value}).`);
  }
}

/**
 * k distinct indexes into a seed list of seedCount, in the order drawn (that order is the order of the
 * prompt's example blocks). When seedCount <= k every index comes back, shuffled.
 */
export function sampleSeedIndexes(
  seedCount: number,
  k: number,
  rngSeed: number,
  requestIndex: number,
): number[] {
  assertSafeInteger("seedCount", seedCount, 0);
  assertSafeInteger("k", k, 0);
  assertSafeInteger("rngSeed", rngSeed, Number.MIN_SAFE_INTEGER);
  assertSafeInteger("requestIndex", requestIndex, 0);
  const rng = requestGenerator(rngSeed, requestIndex);
  const picks = Math.min(k, seedCount);
  // A partial Fisher-Yates shuffle over a virtual array 0..seedCount-1: only swapped slots are stored, so
  // the cost is O(k) whatever the size of the seed set.
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < picks; i++) {
    const j = uniformInt(rng, i, seedCount - 1);
    out.push(swapped.get(j) ?? j);
    swapped.set(j, swapped.get(i) ?? i);
  }
  return out;
}

/** A fresh run seed: 31 bits, so it fits a Postgres integer column and JSON without surprises. */
export function randomRngSeed(): number {
  const [value] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return (value as number) >>> 1;
}
