import { BitParallelMatcher } from "./bit-parallel";
import { TokenInterner } from "./interner";
import { PostingList } from "./postings";
import { fFromLcs } from "./score";
import { rougeTokens } from "./tokenize";
import { type RougeMatch, TopList } from "./top-list";

export type { RougeMatch } from "./top-list";
export type RougeQueryOptions = { excludeId?: string };

type StoredDoc = {
  id: string;
  tokens: Int32Array;
  /** Distinct token ids of the document. */
  distinct: Int32Array;
  /** Position of this document in the posting list of each distinct token. */
  postingAt: Int32Array;
};

// Pruning bounds are computed in floating point like the scores themselves; the slack keeps rounding
// from pruning a document whose real score ties or beats the cutoff.
const SLACK = 1e-12;
// Below this many missing results, a bounded insertion beats sorting every remaining id.
const SMALL_FILL = 32;

/**
 * Documents held for "most similar by ROUGE-L F1" queries. Results are exactly those of scoring every
 * document and sorting by score (descending), then id (code-unit order); documents sharing no token
 * with the query score 0 and are only returned when fewer than k documents score higher. The token
 * table only grows: tokens of removed documents keep their ids.
 */
export class RougeIndex {
  private readonly interner = new TokenInterner();
  private readonly matcher = new BitParallelMatcher();
  private readonly slotOf = new Map<string, number>();
  private readonly docs: (StoredDoc | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly postings: (PostingList | undefined)[] = [];
  // Per-query scratch indexed by slot; a slot takes part in the current query iff seen[slot] === epoch,
  // which spares clearing the arrays between queries.
  private seen = new Int32Array(64);
  private overlap = new Int32Array(64);
  private touched = new Int32Array(64);
  private order = new Int32Array(64);
  private epoch = 0;

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a document, replacing any earlier one with the same id. */
  add(id: string, text: string): void {
    this.remove(id);
    const tokens = this.interner.encode(rougeTokens(text));
    const sorted = tokens.slice().sort();
    const distinct: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const token = sorted[i] as number;
      if (i > 0 && token === sorted[i - 1]) counts[counts.length - 1] = (counts.at(-1) as number) + 1;
      else {
        distinct.push(token);
        counts.push(1);
      }
    }

    const slot = this.freeSlots.pop() ?? this.docs.length;
    const doc: StoredDoc = {
      id,
      tokens,
      distinct: Int32Array.from(distinct),
      postingAt: new Int32Array(distinct.length),
    };
    for (let j = 0; j < distinct.length; j++) {
      const token = distinct[j] as number;
      let list = this.postings[token];
      if (list === undefined) {
        list = new PostingList();
        this.postings[token] = list;
      }
      doc.postingAt[j] = list.push(slot, counts[j] as number, j);
    }
    this.docs[slot] = doc;
    this.slotOf.set(id, slot);
    if (this.docs.length > this.seen.length) this.growScratch();
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const doc = this.docs[slot] as StoredDoc;
    for (let j = 0; j < doc.distinct.length; j++) {
      const list = this.postings[doc.distinct[j] as number] as PostingList;
      const at = doc.postingAt[j] as number;
      if (list.removeAt(at)) {
        const moved = this.docs[list.docs[at] as number] as StoredDoc;
        moved.postingAt[list.within[at] as number] = at;
      }
    }
    this.docs[slot] = undefined;
    this.freeSlots.push(slot);
    this.slotOf.delete(id);
  }

  /** The k documents most similar to `text` (fewer only when the index holds fewer). */
  topK(text: string, k: number, opts?: RougeQueryOptions): RougeMatch[] {
    return this.search(text, Math.min(Math.floor(k), this.size), Number.NEGATIVE_INFINITY, opts?.excludeId);
  }

  /** The most similar document, provided its score is strictly above `threshold`. */
  maxAbove(text: string, threshold: number, opts?: RougeQueryOptions): RougeMatch | null {
    return this.search(text, 1, threshold, opts?.excludeId)[0] ?? null;
  }

  private search(text: string, k: number, floor: number, excludeId: string | undefined): RougeMatch[] {
    if (!(k > 0)) return [];
    const excluded = excludeId === undefined ? -1 : (this.slotOf.get(excludeId) ?? -1);
    const query = this.interner.lookup(rougeTokens(text));
    const best = new TopList(k);
    const epoch = this.nextEpoch();
    if (query.length > 0) this.scoreSharingDocs(query, best, floor, excluded, epoch);
    // Every document scored so far shares a token with the query, so scores above 0; the rest score 0.
    if (!best.full && 0 > floor) this.fillWithZeros(best, k - best.items.length, excluded, epoch);
    return best.items;
  }

  /** Scores documents sharing a token with the query, best upper bound first, pruning hopeless ones. */
  private scoreSharingDocs(
    query: Int32Array,
    best: TopList,
    floor: number,
    excluded: number,
    epoch: number,
  ): void {
    const m = query.length;
    const { seen, overlap, touched, order, docs } = this;

    // Overlap = size of the multiset intersection, an upper bound on the LCS.
    const known = query.filter((token) => token >= 0).sort();
    let touchedCount = 0;
    for (let i = 0; i < known.length; ) {
      const token = known[i] as number;
      let inQuery = 0;
      while (i < known.length && known[i] === token) {
        inQuery++;
        i++;
      }
      const list = this.postings[token];
      if (list === undefined) continue;
      const listDocs = list.docs;
      const listCounts = list.counts;
      for (let p = 0; p < list.length; p++) {
        const slot = listDocs[p] as number;
        if (seen[slot] !== epoch) {
          seen[slot] = epoch;
          overlap[slot] = 0;
          touched[touchedCount++] = slot;
        }
        overlap[slot] = (overlap[slot] as number) + Math.min(listCounts[p] as number, inQuery);
      }
    }

    // Counting sort by overlap, descending, so strong candidates raise the cutoff early.
    const next = new Int32Array(m + 1);
    for (let i = 0; i < touchedCount; i++) {
      const o = overlap[touched[i] as number] as number;
      next[o] = (next[o] as number) + 1;
    }
    let offset = 0;
    for (let o = m; o >= 1; o--) {
      const count = next[o] as number;
      next[o] = offset;
      offset += count;
    }
    for (let i = 0; i < touchedCount; i++) {
      const slot = touched[i] as number;
      const o = overlap[slot] as number;
      order[next[o] as number] = slot;
      next[o] = (next[o] as number) + 1;
    }

    this.matcher.setPattern(query);
    for (let i = 0; i < touchedCount; i++) {
      const slot = order[i] as number;
      const o = overlap[slot] as number;
      const cutoff = Math.max(best.cutoff, floor);
      // F is at most 2*o/(n+m) and n >= o; order is by falling o, so nothing after this can qualify.
      if ((2 * o) / (o + m) + SLACK < cutoff) break;
      if (slot === excluded) continue;
      const doc = docs[slot] as StoredDoc;
      const n = doc.tokens.length;
      if ((2 * o) / (n + m) + SLACK < cutoff) continue;
      const score = fFromLcs(this.matcher.lcs(doc.tokens), m, n);
      if (score > floor) best.offer(doc.id, score);
    }
  }

  /** Adds the `need` smallest ids among documents not scored yet (all of which score 0). */
  private fillWithZeros(best: TopList, need: number, excluded: number, epoch: number): void {
    const chosen: string[] = [];
    for (let slot = 0; slot < this.docs.length; slot++) {
      const doc = this.docs[slot];
      if (doc === undefined || slot === excluded || this.seen[slot] === epoch) continue;
      if (need > SMALL_FILL) {
        chosen.push(doc.id);
        continue;
      }
      if (chosen.length === need && doc.id >= (chosen[need - 1] as string)) continue;
      let at = chosen.length;
      while (at > 0 && doc.id < (chosen[at - 1] as string)) at--;
      chosen.splice(at, 0, doc.id);
      if (chosen.length > need) chosen.pop();
    }
    if (need > SMALL_FILL) chosen.sort();
    for (const id of chosen.slice(0, need)) best.offer(id, 0);
  }

  private nextEpoch(): number {
    if (this.epoch === 0x7fffffff) {
      this.seen.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  private growScratch(): void {
    const size = Math.max(this.docs.length, this.seen.length * 2);
    const seen = new Int32Array(size);
    seen.set(this.seen);
    this.seen = seen;
    this.overlap = new Int32Array(size);
    this.touched = new Int32Array(size);
    this.order = new Int32Array(size);
  }
}
