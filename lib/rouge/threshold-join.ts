import { QueryMatcher } from "./best-match";
import { TokenInterner } from "./interner";
import { fFromLcs } from "./score";

// Pruning bounds are computed in floating point like the scores; the slack keeps rounding from dropping a
// document whose real bound reaches the cutoff.
const SLACK = 1e-12;
// seal() samples this many texts to choose how to search, and counts overlaps when the prefix lists hold more
// than this share of what counting would read (natural text: about 1%; a hundred-word vocabulary: 40%). A
// list entry costs several times more to read in the prefix search (positions, bounds, a merge).
const SAMPLE = 2_000;
const DENSE_SHARE = 0.15;

/** "prefix" filtering, or "count"ing every shared element; "auto" picks the cheaper for the collection. */
export type JoinStrategy = "auto" | "prefix" | "count";

/**
 * "Which of the documents added so far scores the highest ROUGE-L F1 above t against this one?", exact, for
 * a collection whose documents are all known before the first question (an import file, with the stored
 * tasks): a similarity join with prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007, "AllPairs").
 *
 * Two token lists of lengths m and n score F = 2·LCS/(m + n), and LCS ≤ o, their multiset overlap, so F ≥ t
 * needs o ≥ t(m + n)/2. Seen as sets of (token, occurrence) elements in one global order, two sets sharing at
 * least α elements share one among the first n − α + 1 elements of each ("prefixes"). With the order
 * "rarest element first" (counted over the whole collection, which is why it must be known first), prefixes
 * hold a document's rarest words: each document is filed under its prefix, a question reads the lists of its
 * own prefix, and the documents found are scored exactly (bit-parallel LCS) unless the positions of the shared
 * elements already bound their overlap too low ("PPJoin", Xiao et al. 2008), or an overlap count does. Every
 * document above t is found; the best of those found is the answer, ties going to the document given first.
 *
 * How long the prefixes must be depends on which text is the shorter. With n ≤ m, o ≥ t·n for the shorter
 * one, and (as LCS ≤ n makes n ≥ t·m/(2 − t)) o ≥ t·m/(2 − t) for the longer one. So each document is filed
 * twice: under its short prefix (α = ⌈t·n⌉), for questions from documents at least as long, and under its
 * long prefix (α = ⌈t·n/(2 − t)⌉), for shorter ones; a question reads the short-prefix lists with its long
 * prefix and the long-prefix lists with its short prefix, keeping from each only the lengths it is for.
 * Either way one side's prefix is short, which keeps the lists of common words out of most questions.
 *
 * The cost per question is the length of its prefix lists, short for text with a natural vocabulary. With
 * a vocabulary of a few hundred words even a text's rarest words are common, every list is long, and reading
 * them costs more than counting the overlap of every text sharing any word (what the editor's index does):
 * seal() estimates both from a sample and files texts for the cheaper ("count" below), with the same answers.
 *
 * Use: push() every document, seal(), then for each document in turn best() and add() (or add() those only
 * compared against, such as stored tasks, first).
 */
export class RougeThresholdJoin {
  private readonly interner = new TokenInterner();
  private readonly matcher = new QueryMatcher();
  /** token id -> element id of its k-th occurrence in a document, at [k - 1] */
  private readonly elementsOf: number[][] = [];
  /** element id -> number of documents holding it */
  private readonly frequency: number[] = [];
  /** element id -> position in the global order (rarest first), set by seal() */
  private rank = new Int32Array(0);
  private arena = new Int32Array(1024);
  private arenaEnd = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  /** document -> its element ids; after seal(), its elements' ranks in ascending order */
  private readonly elements: Int32Array[] = [];
  private readonly ordered: boolean[] = [];
  /** element rank -> documents filed under it (short and long prefixes): document, position, length */
  private readonly shortLists: number[][] = [];
  private readonly longLists: number[][] = [];
  // Per-question scratch, by document: `seen` marks those met in the current question (stamp), `shared`
  // counts the prefix elements they share with it (-1: ruled out), `lastAt` holds the positions of the last
  // one in the question and in the document.
  private seen = new Int32Array(0);
  private shared = new Int32Array(0);
  private lastAt = new Int32Array(0);
  private touched = new Int32Array(0);
  private stamp = 0;
  private sealed = false;
  /** "count": every element of every text is filed, and a question counts shared elements exactly */
  private mode: Exclude<JoinStrategy, "auto">;
  /** element rank -> documents holding it (count mode) */
  private readonly allLists: number[][] = [];

  constructor(
    readonly threshold: number,
    private readonly strategy: JoinStrategy = "auto",
  ) {
    if (!(threshold >= 0 && threshold < 1)) {
      throw new RangeError(`The ROUGE-L threshold must be at least 0 and below 1 (got ${threshold}).`);
    }
    this.mode = strategy === "count" ? "count" : "prefix";
  }

  /** Which way the collection is searched, once sealed. */
  get searchedBy(): Exclude<JoinStrategy, "auto"> {
    return this.mode;
  }

  get size(): number {
    return this.starts.length;
  }

  /** Adds a document (already split by `rougeTokens`) to the collection; returns its number. */
  push(tokenStrings: string[]): number {
    if (this.sealed) throw new Error("push() after seal()");
    const tokens = this.interner.encode(tokenStrings);
    const doc = this.starts.length;
    if (this.arenaEnd + tokens.length > this.arena.length) {
      const grown = new Int32Array(Math.max(this.arena.length * 2, this.arenaEnd + tokens.length));
      grown.set(this.arena.subarray(0, this.arenaEnd));
      this.arena = grown;
    }
    this.arena.set(tokens, this.arenaEnd);
    this.starts.push(this.arenaEnd);
    this.lengths.push(tokens.length);
    this.arenaEnd += tokens.length;

    const sorted = tokens.slice().sort();
    const elements = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; ) {
      const token = sorted[i] as number;
      let list = this.elementsOf[token];
      if (list === undefined) {
        list = [];
        this.elementsOf[token] = list;
      }
      for (let k = 0; i < sorted.length && sorted[i] === token; k++, i++) {
        let element = list[k];
        if (element === undefined) {
          element = this.frequency.length;
          this.frequency.push(0);
          list.push(element);
        }
        this.frequency[element] = (this.frequency[element] as number) + 1;
        elements[i] = element;
      }
    }
    this.elements.push(elements);
    this.ordered.push(false);
    return doc;
  }

  /** Fixes the global element order; no document can be pushed after it. */
  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    // Counting sort by frequency (ties by element id): linear in the number of elements.
    const count = this.frequency.length;
    const max = this.starts.length;
    const offsets = new Int32Array(max + 2);
    for (let e = 0; e < count; e++) {
      const slot = (this.frequency[e] as number) + 1;
      offsets[slot] = (offsets[slot] as number) + 1;
    }
    for (let f = 1; f <= max + 1; f++) offsets[f] = (offsets[f] as number) + (offsets[f - 1] as number);
    this.rank = new Int32Array(count);
    for (let e = 0; e < count; e++) {
      const f = this.frequency[e] as number;
      this.rank[e] = offsets[f] as number;
      offsets[f] = (offsets[f] as number) + 1;
    }
    this.seen = new Int32Array(max);
    this.shared = new Int32Array(max);
    this.lastAt = new Int32Array(2 * max);
    this.touched = new Int32Array(max);
    if (this.strategy === "auto") this.mode = this.prefixPays() ? "prefix" : "count";
    for (let e = 0; e < count; e++) {
      if (this.mode === "prefix") {
        this.shortLists.push([]);
        this.longLists.push([]);
      } else this.allLists.push([]);
    }
  }

  /** Whether the lists a prefix search reads are a small share of those counting would read (a sample). */
  private prefixPays(): boolean {
    const byRank = new Int32Array(this.frequency.length);
    for (let e = 0; e < byRank.length; e++) byRank[this.rank[e] as number] = this.frequency[e] as number;
    const docs = this.starts.length;
    const step = Math.max(1, Math.floor(docs / SAMPLE));
    let prefix = 0;
    let all = 0;
    for (let d = 0; d < docs; d += step) {
      const ranks = this.ranksOf(d);
      const p = this.prefixLength(ranks.length, true);
      for (let k = 0; k < ranks.length; k++) {
        const f = byRank[ranks[k] as number] as number;
        all += f;
        if (k < p) prefix += f;
      }
    }
    return prefix <= DENSE_SHARE * all;
  }

  /** Files a document under its prefixes (with each element's position): later questions compare with it. */
  add(doc: number): void {
    const ranks = this.ranksOf(doc);
    const n = ranks.length;
    if (this.mode === "count") {
      for (let j = 0; j < n; j++) (this.allLists[ranks[j] as number] as number[]).push(doc);
      return;
    }
    for (let j = 0; j < this.prefixLength(n, false); j++)
      (this.shortLists[ranks[j] as number] as number[]).push(doc, j, n);
    for (let j = 0; j < this.prefixLength(n, true); j++)
      (this.longLists[ranks[j] as number] as number[]).push(doc, j, n);
  }

  /**
   * The added document scoring the highest F1 strictly above `floor` (at least the threshold) against
   * document `doc`, or null. Ties go to the document with the lowest number.
   */
  best(doc: number, floor = this.threshold): { doc: number; score: number } | null {
    if (floor < this.threshold) throw new RangeError("The floor cannot be below the join's threshold.");
    const m = this.lengths[doc] as number;
    if (m === 0) return null;
    this.nextStamp();
    const mine = this.ranksOf(doc);
    let found: number;
    if (this.mode === "count") found = this.count(mine, floor);
    else {
      // Documents no longer than this one, filed under their short prefixes; then the longer ones.
      found = this.probe(mine, this.prefixLength(m, true), this.shortLists, false, floor, 0);
      found = this.probe(mine, this.prefixLength(m, false), this.longLists, true, floor, found);
    }
    if (found === 0) return null;

    const start = this.starts[doc] as number;
    this.matcher.setPattern(this.arena.subarray(start, start + m), this.interner.size);
    const { lengths } = this;
    let bestScore = floor;
    let bestDoc = -1;
    for (let c = 0; c < found; c++) {
      const other = this.touched[c] as number;
      const n = lengths[other] as number;
      // Overlap needed to reach the best so far (equal may still win on the number).
      const need = Math.ceil((bestScore * (m + n)) / 2 - 1e-9);
      if (!this.overlapReaches(mine, this.ranksOf(other), other, need)) continue;
      const score = fFromLcs(this.matcher.lcs(this.arena, this.starts[other] as number, n), m, n);
      if (score > bestScore || (score === bestScore && bestDoc >= 0 && other < bestDoc)) {
        bestScore = score;
        bestDoc = other;
      }
    }
    return bestDoc < 0 ? null : { doc: bestDoc, score: bestScore };
  }

  /**
   * Counts, for every added document sharing an element with the question, how many it shares; keeps as
   * candidates those whose length leaves room for the floor. Their counts are exact overlaps, positioned
   * past the end, so that the overlap check needs no merge.
   */
  private count(mine: Int32Array, floor: number): number {
    const { seen, shared, lastAt, touched, stamp, lengths } = this;
    const m = mine.length;
    let found = 0;
    for (let i = 0; i < m; i++) {
      const list = this.allLists[mine[i] as number] as number[];
      for (let q = 0; q < list.length; q++) {
        const other = list[q] as number;
        if (seen[other] === stamp) shared[other] = (shared[other] as number) + 1;
        else {
          seen[other] = stamp;
          shared[other] = 1;
          touched[found++] = other;
        }
      }
    }
    let kept = 0;
    for (let c = 0; c < found; c++) {
      const other = touched[c] as number;
      const n = lengths[other] as number;
      // Overlap at most min(m, n), and needed: floor·(m + n)/2.
      if (2 * Math.min(m, n, shared[other] as number) < floor * (m + n) - SLACK) continue;
      lastAt[2 * other] = m - 1;
      lastAt[2 * other + 1] = n - 1;
      touched[kept++] = other;
    }
    return kept;
  }

  /**
   * Reads the lists of the question's first `p` elements, for documents longer than it (`longer`) or not;
   * collects the candidates after `found` in `touched` and returns their new count.
   */
  private probe(
    mine: Int32Array,
    p: number,
    lists: number[][],
    longer: boolean,
    floor: number,
    found: number,
  ) {
    const { seen, shared, lastAt, touched, stamp } = this;
    const m = mine.length;
    // The first shared element, at positions i and j, leaves an overlap of at most 1 + min(m - i - 1,
    // n - j - 1); with o ≥ floor·(m + n)/2 needed, 2·(1 + min(...)) must reach floor·(m + n).
    const floorM = floor * m - SLACK;
    for (let i = 0; i < p; i++) {
      const list = lists[mine[i] as number] as number[];
      const after = m - i - 1;
      for (let q = 0; q < list.length; q += 3) {
        const n = list[q + 2] as number;
        if (n > m !== longer) continue; // the other lists have it
        const other = list[q] as number;
        const j = list[q + 1] as number;
        if (seen[other] !== stamp) {
          seen[other] = stamp;
          // Every shared element ranked before this one is in both prefixes, so this is the first.
          if (2 * (1 + Math.min(after, n - j - 1)) < floorM + floor * n) {
            shared[other] = -1;
            continue;
          }
          shared[other] = 1;
          touched[found++] = other;
        } else if ((shared[other] as number) < 0) continue;
        else shared[other] = (shared[other] as number) + 1;
        lastAt[2 * other] = i;
        lastAt[2 * other + 1] = j;
      }
    }
    return found;
  }

  /**
   * Whether the multiset overlap of two documents (their ranks, ascending) reaches `need`: the shared
   * elements found in the prefixes, then a merge of the rest, given up as soon as it cannot get there.
   */
  private overlapReaches(mine: Int32Array, theirs: Int32Array, other: number, need: number): boolean {
    let count = this.shared[other] as number;
    let i = (this.lastAt[2 * other] as number) + 1;
    let j = (this.lastAt[2 * other + 1] as number) + 1;
    const m = mine.length;
    const n = theirs.length;
    while (count < need) {
      if (count + Math.min(m - i, n - j) < need) return false;
      const a = mine[i] as number;
      const b = theirs[j] as number;
      if (a === b) {
        count++;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return true;
  }

  /**
   * n − α + 1, how many of its first elements (rarest first) a document of n tokens is filed under or asks
   * with: α = ⌈t·n⌉ for the short prefix, ⌈t·n/(2 − t)⌉ for the long one. Not one more: a score computed in
   * floating point can come out above t when the exact F1 equals t, and such a pair must be found too. The
   * margin keeps rounding of the product from asking for one element more than that.
   */
  private prefixLength(n: number, long: boolean): number {
    const t = this.threshold;
    const alpha = Math.max(1, Math.ceil((long ? (t * n) / (2 - t) : t * n) - 1e-9));
    return Math.max(0, n - alpha + 1);
  }

  /** The document's element ranks in ascending order (the global order), computed once after seal(). */
  private ranksOf(doc: number): Int32Array {
    const elements = this.elements[doc] as Int32Array;
    if (this.ordered[doc]) return elements;
    if (!this.sealed) throw new Error("seal() before add() or best()");
    for (let i = 0; i < elements.length; i++) elements[i] = this.rank[elements[i] as number] as number;
    elements.sort();
    this.ordered[doc] = true;
    return elements;
  }

  private nextStamp(): void {
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }
}
