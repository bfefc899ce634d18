// A seeded random number generator for tests and benches that need the same "random" texts on every run (mulberry32:
// tiny, fast, and good enough for test content; the fake OpenAI server keeps its own in the same shape).

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
