import { TokenInterner } from "./interner";
import { fFromLcs } from "./score";
import { rougeTokens } from "./tokenize";

/** `slot` is the 0-based position of the document in the order it was added. */
export type BestMatch = { slot: number; score: number };

// Bounds are computed in floating point; the slack keeps rounding from pruning a document whose real
// score ties the best so far (a tie still matters: the earlier document wins it).
const SLACK = 1e-12;
// While reading a band's posting lists, each time the entries read pass REFINE_FROM, then twice as many,
// and so on, up to REFINE_COUNT of the documents with the highest overlap so far are scored early.
const REFINE_FROM = 1024;
const REFINE_COUNT = 8;
// Past the prefix, a list is still read (to tighten the bounds of the documents found) when it is no
// longer than the number of documents found: reading an entry costs far less than an LCS.
const UPDATE_RATIO = 1;
// The MASKED most frequent tokens (re-chosen when the index reaches MASKS_FROM documents, then twice as
// many, and so on) each have a bit in two per-document masks of MASK_WORDS words: the document holds the
// token at least once, at least twice. The overlap on those of them left unread is then bounded from the
// masks, so that their long posting lists need not be read to tighten the bounds of the documents found.
// Measured on the bench's 52,000 tasks: 32 masked tokens halve the entries read past the prefix, 64 halve
// them again; more cost more in mask arithmetic than they save.
const MASK_WORDS = 2;
const MASKED = 32 * MASK_WORDS;
const MASKS_FROM = 256;
// Per-query state of a document, 16 bits: bits 0-9 its overlap with the query (queries of up to
// MAX_PACKED tokens; longer ones, if any, are scored against every document), bit 10 set once scored; 0
// when not found in the band being searched (each band clears the states it set before the next: half the
// memory of a per-query stamp, and the random accesses of the posting lists stay in a smaller array).
const MAX_PACKED = 1023;
const OVERLAP = 0x3ff;
const SCORED = 0x400;

// Length bands: documents are filed by token count in bands about 30% wide, so that members of a band
// share nearly the same bounds. BAND_OF[n] for n < MAX_BANDED; longer documents share the last band.
const MAX_BANDED = 1024;
const BAND_LO: number[] = [];
const BAND_HI: number[] = [];
const BAND_OF = new Int32Array(MAX_BANDED);
for (let lo = 0; lo < MAX_BANDED; ) {
  const hi = Math.min(MAX_BANDED - 1, lo + Math.floor(lo * 0.3));
  BAND_OF.fill(BAND_LO.length, lo, hi + 1);
  BAND_LO.push(lo);
  BAND_HI.push(hi);
  lo = hi + 1;
}
BAND_LO.push(MAX_BANDED);
BAND_HI.push(Number.POSITIVE_INFINITY);
const BANDS = BAND_LO.length;
const bandOf = (n: number) => (n < MAX_BANDED ? (BAND_OF[n] as number) : BANDS - 1);

/** The documents of one length band holding one token, in the order added, with the token's count. */
class Postings {
  length = 0;
  docs = new Int32Array(2);
  counts = new Int32Array(2);

  constructor(readonly token: number) {}

  push(slot: number, count: number): void {
    if (this.length === this.docs.length) {
      this.docs = grown(this.docs, this.length * 2);
      this.counts = grown(this.counts, this.length * 2);
    }
    this.docs[this.length] = slot;
    this.counts[this.length++] = count;
  }
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/**
 * The bit-parallel LCS of ./bit-parallel.ts (Hyyrö's form of Allison-Dix), with the query's match masks
 * in tables covering every token id, so a document token is looked up without a bounds check going
 * wrong (V8 handles reads past the end of a typed array slowly), and one-word patterns (queries of up to
 * 32 tokens, the usual case) kept in int32 arithmetic.
 */
export class QueryMatcher {
  private m = 0;
  private words = 0;
  /** token id -> match mask, for one-word patterns */
  private maskOf = new Int32Array(1024);
  /** token id -> offset of its mask row in `masks`, or -1, for longer patterns */
  private rowOf = new Int32Array(1024).fill(-1);
  private masks = new Int32Array(0);
  private v = new Int32Array(0);
  private readonly used: number[] = [];

  setPattern(pattern: Int32Array, vocabulary: number): void {
    for (const s of this.used) {
      this.maskOf[s] = 0;
      this.rowOf[s] = -1;
    }
    this.used.length = 0;
    if (this.maskOf.length < vocabulary) {
      const size = Math.max(vocabulary, this.maskOf.length * 2);
      this.maskOf = new Int32Array(size);
      this.rowOf = new Int32Array(size).fill(-1);
    }
    const m = pattern.length;
    this.m = m;
    this.words = (m + 31) >>> 5;
    if (m <= 32) {
      for (let i = 0; i < m; i++) {
        const s = pattern[i] as number;
        if (s < 0) continue;
        if (this.maskOf[s] === 0) this.used.push(s);
        this.maskOf[s] = (this.maskOf[s] as number) | (1 << i);
      }
      return;
    }
    const words = this.words;
    if (this.masks.length < m * words) this.masks = new Int32Array(m * words);
    if (this.v.length < words) this.v = new Int32Array(words);
    let rows = 0;
    for (let i = 0; i < m; i++) {
      const s = pattern[i] as number;
      if (s < 0) continue;
      let row = this.rowOf[s] as number;
      if (row < 0) {
        row = rows;
        rows += words;
        this.masks.fill(0, row, row + words);
        this.rowOf[s] = row;
        this.used.push(s);
      }
      this.masks[row + (i >>> 5)] = (this.masks[row + (i >>> 5)] as number) | (1 << (i & 31));
    }
  }

  /** LCS of the pattern and text[start, start + n), whose ids are below the vocabulary of setPattern. */
  lcs(text: Int32Array, start: number, n: number): number {
    const m = this.m;
    const end = start + n;
    if (this.words === 1) {
      const maskOf = this.maskOf;
      let v = -1;
      for (let j = start; j < end; j++) {
        const mask = maskOf[text[j] as number] as number;
        // V' = (V + (V & M)) | (V & ~M) on 32 bits; `|` truncates the sum, dropping the carry-out.
        if (mask !== 0) v = (v + (v & mask)) | (v & ~mask);
      }
      return popcount(~v & (m === 32 ? -1 : (1 << m) - 1));
    }
    const { rowOf, masks, v, words } = this;
    v.fill(-1, 0, words);
    for (let j = start; j < end; j++) {
      const row = rowOf[text[j] as number] as number;
      if (row < 0) continue;
      let carry = 0;
      for (let w = 0; w < words; w++) {
        const vw = (v[w] as number) >>> 0;
        const mask = masks[row + w] as number;
        const sum = vw + ((vw & mask) >>> 0) + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        v[w] = sum | (vw & ~mask);
      }
    }
    let zeros = 0;
    for (let w = 0; w < words - 1; w++) zeros += popcount(~(v[w] as number));
    const tail = m - ((words - 1) << 5);
    return zeros + popcount(~(v[words - 1] as number) & (tail === 32 ? -1 : (1 << tail) - 1));
  }
}

/**
 * An append-only set of documents answering "which document has the highest ROUGE-L F1 against this
 * text, and what is that score" exactly (the same floating-point value as `rougeLF1`), ties going to the
 * document added first. Built for incremental de-duplication, where every query needs the exact maximum,
 * not just whether it is above a threshold.
 *
 * A query of m tokens and a document of n tokens sharing o of them (multiset overlap, an upper bound on
 * their LCS) score at most 2·min(o, n)/(m + n). Documents are filed by token count in length bands and
 * searched one band at a time, the bands nearest m first, keeping the best score b found so far:
 *  - a band is skipped when even o = (all the query's known tokens) cannot reach b at its lengths;
 *  - prefix filter: the query's tokens are taken rarest first within the band; once a document holding
 *    none of those taken (so o ≤ r, the occurrences left) cannot reach b, no new documents are admitted,
 *    and the common tokens' long lists are read only when short next to the number of documents found;
 *    the most common (masked) tokens' lists are not read at all past the prefix: their overlap with each
 *    document found is bounded from its masks instead (Σ min(query count, document count), the document
 *    count known as 0, 1 or at least 2);
 *  - each document found has o ≤ (overlap on the tokens read) + (occurrences not read, the masked ones
 *    bounded as above); they are scored (bit-parallel LCS) in falling order of that bound until it drops
 *    below b. While reading, the documents with the most overlap so far are scored early to raise b.
 */
export class BestMatchIndex {
  private readonly interner = new TokenInterner();
  private readonly matcher = new QueryMatcher();
  /** token id -> length band -> documents */
  private readonly postings: ((Postings | undefined)[] | undefined)[] = [];
  private count = 0;
  /** token id -> documents holding it */
  private documentFrequency = new Int32Array(1024);
  /** token id -> 1 + its bit in the masks, or 0 */
  private bitOf = new Int32Array(1024);
  private masksAt = MASKS_FROM;
  /**
   * Per document, 2·MASK_WORDS words from 2·MASK_WORDS·slot: the bits of the masked tokens it holds at
   * least once, then of those it holds at least twice.
   */
  private masks = new Int32Array(64 * 2 * MASK_WORDS);
  /** The current query's unread masked tokens: words k·MASK_WORDS on hold those it holds more than k times. */
  private readonly queryMasks = new Int32Array((MAX_PACKED + 1) * MASK_WORDS);
  /** Every document's token ids, one after another: document `slot` is arena[starts[slot], +lengths[slot]). */
  private arena = new Int32Array(1024);
  private arenaEnd = 0;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  /** Per-band state of each document (see MAX_PACKED), 0 between bands. */
  private state = new Uint16Array(64);
  private touched = new Int32Array(64);
  private order = new Int32Array(64);
  // Per-band scratch, sized by the query.
  private bandCounts = new Int32Array(64);
  private readonly bandLists: Postings[] = [];
  private buckets = new Int32Array(64);
  // The current query.
  private queryLength = 0;
  private bestScore = 0;
  private bestSlot = -1;

  get size(): number {
    return this.count;
  }

  /** Adds a document and returns its slot. */
  add(text: string): number {
    return this.addTokens(rougeTokens(text));
  }

  /** Like add(), for text already split by `rougeTokens`. */
  addTokens(tokenStrings: string[]): number {
    const tokens = this.interner.encode(tokenStrings);
    const slot = this.count++;
    if (slot === this.starts.length) this.growSlots();
    if (this.arenaEnd + tokens.length > this.arena.length) {
      this.arena = grown(this.arena, Math.max(this.arena.length * 2, this.arenaEnd + tokens.length));
    }
    this.arena.set(tokens, this.arenaEnd);
    this.starts[slot] = this.arenaEnd;
    this.lengths[slot] = tokens.length;
    this.arenaEnd += tokens.length;

    const band = bandOf(tokens.length);
    const sorted = tokens.sort();
    if (this.interner.size > this.documentFrequency.length) {
      const size = Math.max(this.interner.size, 2 * this.documentFrequency.length);
      this.documentFrequency = grown(this.documentFrequency, size);
      this.bitOf = grown(this.bitOf, size);
    }
    const masks = this.masks;
    const at = 2 * MASK_WORDS * slot;
    masks.fill(0, at, at + 2 * MASK_WORDS);
    for (let i = 0; i < sorted.length; ) {
      const token = sorted[i] as number;
      let count = 0;
      while (i < sorted.length && sorted[i] === token) {
        count++;
        i++;
      }
      this.documentFrequency[token] = (this.documentFrequency[token] as number) + 1;
      const bit = this.bitOf[token] as number;
      if (bit > 0) {
        const word = at + ((bit - 1) >>> 5);
        masks[word] = (masks[word] as number) | (1 << ((bit - 1) & 31));
        if (count > 1)
          masks[word + MASK_WORDS] = (masks[word + MASK_WORDS] as number) | (1 << ((bit - 1) & 31));
      }
      let bands = this.postings[token];
      if (bands === undefined) {
        bands = [];
        this.postings[token] = bands;
      }
      let list = bands[band];
      if (list === undefined) {
        list = new Postings(token);
        bands[band] = list;
      }
      list.push(slot, count);
    }
    if (this.count === this.masksAt) {
      this.chooseMasked();
      this.masksAt *= 2;
    }
    return slot;
  }

  /** Gives the MASKED tokens held by most documents a bit each, and computes every document's masks. */
  private chooseMasked(): void {
    const df = this.documentFrequency;
    const top: number[] = [];
    for (let token = 0; token < this.interner.size; token++) {
      const f = df[token] as number;
      if (top.length === MASKED && f <= (df[top[MASKED - 1] as number] as number)) continue;
      let at = Math.min(top.length, MASKED - 1);
      top[at] = token;
      while (at > 0 && (df[top[at - 1] as number] as number) < f) {
        top[at] = top[at - 1] as number;
        top[--at] = token;
      }
    }
    this.bitOf.fill(0);
    top.forEach((token, k) => {
      this.bitOf[token] = k + 1;
    });
    const { arena, starts, lengths, bitOf, masks } = this;
    masks.fill(0);
    for (let slot = 0; slot < this.count; slot++) {
      const at = 2 * MASK_WORDS * slot;
      const start = starts[slot] as number;
      const end = start + (lengths[slot] as number);
      for (let j = start; j < end; j++) {
        const bit = bitOf[arena[j] as number] as number;
        if (bit === 0) continue;
        const word = at + ((bit - 1) >>> 5);
        const b = 1 << ((bit - 1) & 31);
        if (((masks[word] as number) & b) !== 0)
          masks[word + MASK_WORDS] = (masks[word + MASK_WORDS] as number) | b;
        masks[word] = (masks[word] as number) | b;
      }
    }
  }

  /** The best-scoring document, or null when none scores above 0 (none shares a token with the text). */
  best(text: string): BestMatch | null {
    return this.bestTokens(rougeTokens(text));
  }

  /**
   * Like best(), for text already split by `rougeTokens`. With `above` (a de-duplication threshold), only a
   * document scoring more than it counts: null when none does, found without scoring the documents that
   * cannot pass it (the bounds prune from the start); otherwise the same best match as without it.
   */
  bestTokens(tokenStrings: string[], above = 0): BestMatch | null {
    const query = this.interner.lookup(tokenStrings);
    const m = query.length;
    const known = query.filter((t) => t >= 0).sort();
    if (known.length === 0) return null;
    // Distinct known tokens with their counts in the query, the rarest in the index first.
    const distinct: number[] = [];
    const distinctCounts: number[] = [];
    for (let i = 0; i < known.length; ) {
      const token = known[i] as number;
      let count = 0;
      while (i < known.length && known[i] === token) {
        count++;
        i++;
      }
      distinct.push(token);
      distinctCounts.push(count);
    }
    // Sorted as (document frequency, position) packed in one number: no comparator call.
    const df = this.documentFrequency;
    const width = distinct.length;
    const keys = new Float64Array(width);
    for (let k = 0; k < width; k++) keys[k] = (df[distinct[k] as number] as number) * width + k;
    keys.sort();
    const tokenBands: (Postings | undefined)[][] = [];
    const tokenCounts: number[] = [];
    for (let k = 0; k < keys.length; k++) {
      const at = (keys[k] as number) % width;
      tokenBands.push(this.postings[distinct[at] as number] as (Postings | undefined)[]);
      tokenCounts.push(distinctCounts[at] as number);
    }
    if (this.bandCounts.length < tokenCounts.length) this.bandCounts = new Int32Array(tokenCounts.length * 2);
    if (this.buckets.length < m + 2) this.buckets = new Int32Array(2 * m + 2);

    this.matcher.setPattern(query, this.interner.size);
    this.queryLength = m;
    this.bestScore = above;
    this.bestSlot = -1;
    if (m > MAX_PACKED) {
      // Beyond what the packed state can count: score every document (exact, just not pruned).
      for (let slot = 0; slot < this.count; slot++) this.score(slot);
      this.state.fill(0, 0, this.count);
      return this.bestSlot < 0 ? null : { slot: this.bestSlot, score: this.bestScore };
    }
    // Bands outward from the query's own length, where the best match most likely is.
    const home = bandOf(m);
    for (let d = 0; home - d >= 0 || home + d < BANDS; d++) {
      if (home - d >= 0) this.searchBand(home - d, tokenBands, tokenCounts, known.length);
      if (d > 0 && home + d < BANDS) this.searchBand(home + d, tokenBands, tokenCounts, known.length);
    }
    return this.bestSlot < 0 ? null : { slot: this.bestSlot, score: this.bestScore };
  }

  /** Highest score a document of the band could reach sharing at most `shared` tokens with the query. */
  private bandCanReach(band: number, shared: number): number {
    const lo = BAND_LO[band] as number;
    const hi = BAND_HI[band] as number;
    const m = this.queryLength;
    // 2·min(shared, n)/(m + n) rises with n up to n = shared and falls after it.
    if (shared <= lo) return (2 * shared) / (m + lo);
    if (shared <= hi) return (2 * shared) / (m + shared);
    return (2 * hi) / (m + hi);
  }

  private searchBand(
    band: number,
    tokenBands: (Postings | undefined)[][],
    tokenCounts: number[],
    known: number,
  ): void {
    if (this.bandCanReach(band, known) + SLACK < this.bestScore) return;
    // The query's tokens present in the band, shortest list first: an insertion sort of the query's
    // order (rarest in the index first), so usually little to move.
    const { bandCounts, bandLists } = this;
    let tokens = 0;
    let remaining = known;
    for (let t = 0; t < tokenBands.length; t++) {
      const list = (tokenBands[t] as (Postings | undefined)[])[band];
      const count = tokenCounts[t] as number;
      // A token absent from the band bounds nothing: no document of the band holds it.
      if (list === undefined) {
        remaining -= count;
        continue;
      }
      const length = list.length;
      let at = tokens++;
      while (at > 0 && (bandLists[at - 1] as Postings).length > length) {
        bandLists[at] = bandLists[at - 1] as Postings;
        bandCounts[at] = bandCounts[at - 1] as number;
        at--;
      }
      bandLists[at] = list;
      bandCounts[at] = count;
    }
    if (tokens === 0) return;

    const { state, touched } = this;
    let found = 0;
    let read = 0;
    let refineAt = REFINE_FROM;
    let t = 0;
    for (; t < tokens; t++) {
      if (this.bandCanReach(band, remaining) + SLACK < this.bestScore) break;
      const list = bandLists[t] as Postings;
      if (found > 0 && read + list.length > refineAt) {
        this.refine(found, remaining);
        refineAt = 2 * (read + list.length);
        if (this.bandCanReach(band, remaining) + SLACK < this.bestScore) break;
      }
      const count = bandCounts[t] as number;
      remaining -= count;
      read += list.length;
      const docs = list.docs;
      const counts = list.counts;
      const length = list.length;
      // A token the query holds once adds 1 wherever it is: its counts need not be read.
      for (let p = 0; p < length; p++) {
        const slot = docs[p] as number;
        const c = count === 1 ? 1 : Math.min(counts[p] as number, count);
        const st = state[slot] as number;
        if (st === 0) {
          state[slot] = c;
          touched[found++] = slot;
        } else state[slot] = st + c;
      }
    }
    // Past the prefix: short enough lists still tighten the bounds of the documents found; the masked
    // tokens' are left unread, their overlap bounded per document from its masks.
    const { bitOf, queryMasks } = this;
    let unmasked = remaining;
    let layers = 0;
    for (; t < tokens && found > 0; t++) {
      const list = bandLists[t] as Postings;
      const count = bandCounts[t] as number;
      const bit = bitOf[list.token] as number;
      if (bit > 0) {
        unmasked -= count;
        for (; layers < count; layers++) queryMasks.fill(0, layers * MASK_WORDS, (layers + 1) * MASK_WORDS);
        const word = (bit - 1) >>> 5;
        for (let k = 0; k < count; k++)
          queryMasks[k * MASK_WORDS + word] =
            (queryMasks[k * MASK_WORDS + word] as number) | (1 << ((bit - 1) & 31));
        continue;
      }
      if (list.length > UPDATE_RATIO * found) continue;
      remaining -= count;
      unmasked -= count;
      read += list.length;
      const docs = list.docs;
      const counts = list.counts;
      const length = list.length;
      for (let p = 0; p < length; p++) {
        const slot = docs[p] as number;
        const st = state[slot] as number;
        if (st !== 0) state[slot] = st + (count === 1 ? 1 : Math.min(counts[p] as number, count));
      }
    }
    this.scoreCandidates(found, remaining, BAND_LO[band] as number, unmasked, layers);
  }

  private score(slot: number): void {
    const n = this.lengths[slot] as number;
    this.state[slot] = (this.state[slot] as number) | SCORED;
    const score = fFromLcs(this.matcher.lcs(this.arena, this.starts[slot] as number, n), this.queryLength, n);
    if (score > this.bestScore || (score === this.bestScore && slot < this.bestSlot)) {
      this.bestScore = score;
      this.bestSlot = slot;
    }
  }

  /** Scores a few of the documents found with the highest overlap so far. */
  private refine(found: number, remaining: number): void {
    const { state, touched, lengths, buckets } = this;
    const m = this.queryLength;
    buckets.fill(0, 0, m + 1);
    for (let i = 0; i < found; i++) {
      const st = state[touched[i] as number] as number;
      if ((st & SCORED) === 0) buckets[st & OVERLAP] = (buckets[st & OVERLAP] as number) + 1;
    }
    let level = m;
    for (let seen = 0; level > 1; level--) {
      seen += buckets[level] as number;
      if (seen >= REFINE_COUNT) break;
    }
    let budget = REFINE_COUNT;
    for (let i = 0; i < found && budget > 0; i++) {
      const slot = touched[i] as number;
      const st = state[slot] as number;
      const o = st & OVERLAP;
      if (o < level || (st & SCORED) !== 0) continue;
      const n = lengths[slot] as number;
      if ((2 * Math.min(o + remaining, n)) / (m + n) + SLACK < this.bestScore) continue;
      this.score(slot);
      budget--;
    }
  }

  /** Scores the documents found in falling order of their overlap bound until none can win. */
  private scoreCandidates(
    found: number,
    remaining: number,
    lo: number,
    unmasked: number,
    layers: number,
  ): void {
    const { state, touched, order, lengths, buckets, masks, queryMasks } = this;
    const m = this.queryLength;
    // Counting sort by the bound min(overlap + remaining, n), dropping documents that cannot win.
    buckets.fill(0, 0, m + 2);
    let kept = 0;
    // Every document of the band has n ≥ lo: a bound below `need` cannot win whatever its length.
    const need = ((this.bestScore - SLACK) * (m + lo)) / 2;
    for (let i = 0; i < found; i++) {
      const slot = touched[i] as number;
      const st = state[slot] as number;
      // Every document found leaves this band with its state cleared (0: not found), here or below.
      state[slot] = 0;
      if ((st & SCORED) !== 0) continue;
      const o = st & OVERLAP;
      let bound = o + remaining;
      if (bound < need) continue;
      if (layers > 0) {
        // Σ over the unread masked tokens of min(query count, document count), the latter known up to 2.
        const at = 2 * MASK_WORDS * slot;
        let masked = 0;
        for (let w = 0; w < MASK_WORDS; w++) {
          masked += popcount((queryMasks[w] as number) & (masks[at + w] as number));
          if (layers > 1) {
            const held = masks[at + MASK_WORDS + w] as number;
            for (let k = 1; k < layers; k++)
              masked += popcount((queryMasks[k * MASK_WORDS + w] as number) & held);
          }
        }
        if (o + unmasked + masked < bound) bound = o + unmasked + masked;
        if (bound < need) continue;
      }
      const n = lengths[slot] as number;
      if (n < bound) bound = n;
      if ((2 * bound) / (m + n) + SLACK < this.bestScore) continue;
      state[slot] = bound;
      buckets[bound] = (buckets[bound] as number) + 1;
      touched[kept++] = slot;
    }
    let offset = 0;
    for (let o = m; o >= 1; o--) {
      const count = buckets[o] as number;
      buckets[o] = offset;
      offset += count;
    }
    for (let i = 0; i < kept; i++) {
      const slot = touched[i] as number;
      const o = (state[slot] as number) & OVERLAP;
      order[buckets[o] as number] = slot;
      buckets[o] = (buckets[o] as number) + 1;
    }
    for (let i = 0; i < kept; i++) {
      const slot = order[i] as number;
      const o = (state[slot] as number) & OVERLAP;
      // o ≤ n and n ≥ lo, so no later candidate (o no larger) can win either.
      if ((2 * o) / (m + Math.max(o, lo)) + SLACK < this.bestScore) break;
      const n = lengths[slot] as number;
      if ((2 * o) / (m + n) + SLACK < this.bestScore) continue;
      this.score(slot);
    }
    for (let i = 0; i < kept; i++) state[touched[i] as number] = 0;
  }

  private growSlots(): void {
    const size = this.starts.length * 2;
    this.starts = grown(this.starts, size);
    this.lengths = grown(this.lengths, size);
    const state = new Uint16Array(size);
    state.set(this.state);
    this.state = state;
    this.masks = grown(this.masks, size * 2 * MASK_WORDS);
    this.touched = new Int32Array(size);
    this.order = new Int32Array(size);
  }
}
