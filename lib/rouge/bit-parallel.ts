// Bit-parallel LCS (Allison-Dix, in Hyyrö's form): bit i of V is 0 once pattern position i is matched
// by the current LCS, and each text symbol updates V with V' = (V + (V & M)) | (V & ~M), where M marks the
// pattern positions holding that symbol. LCS = number of zero bits among the pattern's positions.
// A text symbol absent from the pattern has M = 0 and leaves V unchanged, so it is skipped outright.

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/**
 * Match masks for one pattern, reused for many texts; buffers only grow, so steady-state queries
 * allocate nothing. Symbols are small non-negative integers (they index a lookup table); a negative
 * pattern symbol occupies a position but matches nothing.
 */
export class BitParallelMatcher {
  private words = 0;
  private length = 0;
  private masks = new Uint32Array(0);
  private v = new Uint32Array(0);
  /** symbol -> offset of its mask row in `masks`, or -1. */
  private rowOf = new Int32Array(0);
  private readonly used: number[] = [];

  setPattern(pattern: ArrayLike<number>): void {
    for (const s of this.used) this.rowOf[s] = -1;
    this.used.length = 0;
    const m = pattern.length;
    let maxSymbol = -1;
    for (let i = 0; i < m; i++) maxSymbol = Math.max(maxSymbol, pattern[i] as number);
    if (this.rowOf.length <= maxSymbol) {
      this.rowOf = new Int32Array(Math.max(maxSymbol + 1, this.rowOf.length * 2)).fill(-1);
    }

    const words = (m + 31) >>> 5;
    this.length = m;
    this.words = words;
    if (this.v.length < words) this.v = new Uint32Array(words);
    // At most one row per pattern position.
    if (this.masks.length < m * words) this.masks = new Uint32Array(m * words);

    const rowOf = this.rowOf;
    const masks = this.masks;
    let rows = 0;
    for (let i = 0; i < m; i++) {
      const s = pattern[i] as number;
      if (s < 0) continue;
      let row = rowOf[s] as number;
      if (row < 0) {
        row = rows;
        rows += words;
        masks.fill(0, row, row + words);
        rowOf[s] = row;
        this.used.push(s);
      }
      masks[row + (i >>> 5)] = ((masks[row + (i >>> 5)] as number) | (1 << (i & 31))) >>> 0;
    }
  }

  /** LCS of the current pattern and `text`. */
  lcs(text: ArrayLike<number>): number {
    const m = this.length;
    if (m === 0) return 0;
    const rowOf = this.rowOf;
    const masks = this.masks;
    const n = text.length;

    if (this.words === 1) {
      let v = 0xffffffff;
      for (let j = 0; j < n; j++) {
        const row = rowOf[text[j] as number] ?? -1;
        if (row < 0) continue;
        const mask = masks[row] as number;
        // Sums stay below 2^33, exact in a double; `|` keeps the low 32 bits, dropping the carry-out.
        v = ((v + ((v & mask) >>> 0)) | (v & ~mask)) >>> 0;
      }
      const live = m === 32 ? 0xffffffff : (1 << m) - 1;
      return popcount(~v & live);
    }

    const words = this.words;
    const v = this.v;
    v.fill(0xffffffff, 0, words);
    for (let j = 0; j < n; j++) {
      const row = rowOf[text[j] as number] ?? -1;
      if (row < 0) continue;
      let carry = 0;
      for (let w = 0; w < words; w++) {
        const vw = v[w] as number;
        const mask = masks[row + w] as number;
        const sum = vw + ((vw & mask) >>> 0) + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        v[w] = sum | (vw & ~mask);
      }
    }
    let zeros = 0;
    for (let w = 0; w < words - 1; w++) zeros += popcount(~(v[w] as number));
    const tail = m - ((words - 1) << 5);
    const live = tail === 32 ? 0xffffffff : (1 << tail) - 1;
    return zeros + popcount(~(v[words - 1] as number) & live);
  }
}
