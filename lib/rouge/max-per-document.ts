import { QueryMatcher } from "./best-match";
import { TokenInterner } from "./interner";
import { fFromLcs } from "./score";
import { rougeTokens } from "./tokenize";

// Bounds are computed in floating point; the slack keeps rounding from pruning a text whose real score
// reaches a document's best so far.
const SLACK = 1e-12;

/**
 * The other way round from BestMatchIndex: a few documents (a test set's instructions) each keep the highest
 * ROUGE-L F1 of all the texts streamed past them (a whole corpus, read page by page and never held). For
 * every document, the result equals BestMatchIndex over the corpus queried with that document: the same
 * floating-point score (F1 is symmetric in its two texts, see fFromLcs), ties going to the text offered
 * first, no match when no text shares a token with the document.
 *
 * offer() counts each document's multiset overlap o with the text through the documents' posting lists
 * (o bounds the LCS, so the score is at most 2·o/(m + n)), and computes the LCS (bit-parallel, the text as
 * the pattern) only for documents whose bound reaches their best so far.
 */
export class MaxPerDocument {
  private readonly interner = new TokenInterner();
  private readonly matcher = new QueryMatcher();
  private readonly docs: Int32Array[] = [];
  /** token id -> documents holding it, with the token's count in each */
  private readonly postings: { docs: number[]; counts: number[] }[] = [];
  private readonly best: number[] = [];
  private overlap = new Int32Array(0);
  private seen = new Int32Array(0);
  private readonly touched: number[] = [];
  private stamp = 0;

  get size(): number {
    return this.docs.length;
  }

  /** Adds a document (before the first offer) and returns its slot, 0-based in the order added. */
  add(text: string): number {
    const tokens = this.interner.encode(rougeTokens(text));
    const slot = this.docs.length;
    this.docs.push(tokens);
    this.best.push(0);
    const sorted = tokens.slice().sort();
    for (let i = 0; i < sorted.length; ) {
      const token = sorted[i] as number;
      let count = 0;
      while (i < sorted.length && sorted[i] === token) {
        count++;
        i++;
      }
      this.postings[token] ??= { docs: [], counts: [] };
      this.postings[token].docs.push(slot);
      this.postings[token].counts.push(count);
    }
    this.overlap = new Int32Array(this.docs.length);
    this.seen = new Int32Array(this.docs.length);
    this.stamp = 0;
    return slot;
  }

  /** A document's highest score so far (0 while no text shared a token with it). */
  scoreOf(slot: number): number {
    return this.best[slot] as number;
  }

  /** Scores a text against every document; returns the slots whose highest score it raised. */
  offer(text: string): number[] {
    const query = this.interner.lookup(rougeTokens(text));
    const m = query.length;
    const known = query.filter((t) => t >= 0).sort();
    if (known.length === 0) return [];
    this.stamp++;
    const { overlap, seen, touched } = this;
    touched.length = 0;
    for (let i = 0; i < known.length; ) {
      const token = known[i] as number;
      let count = 0;
      while (i < known.length && known[i] === token) {
        count++;
        i++;
      }
      const list = this.postings[token];
      if (!list) continue;
      for (let p = 0; p < list.docs.length; p++) {
        const slot = list.docs[p] as number;
        const shared = Math.min(count, list.counts[p] as number);
        if (seen[slot] !== this.stamp) {
          seen[slot] = this.stamp;
          overlap[slot] = shared;
          touched.push(slot);
        } else overlap[slot] = (overlap[slot] as number) + shared;
      }
    }
    const raised: number[] = [];
    let patternSet = false;
    for (const slot of touched) {
      const doc = this.docs[slot] as Int32Array;
      const n = doc.length;
      const best = this.best[slot] as number;
      if ((2 * (overlap[slot] as number)) / (m + n) + SLACK < best) continue;
      if (!patternSet) {
        this.matcher.setPattern(query, this.interner.size);
        patternSet = true;
      }
      const score = fFromLcs(this.matcher.lcs(doc, 0, n), m, n);
      if (score > best) {
        this.best[slot] = score;
        raised.push(slot);
      }
    }
    return raised.sort((a, b) => a - b);
  }
}
