import { BestMatchIndex } from "@/lib/rouge/best-match";
import { rougeTokens } from "@/lib/rouge/tokenize";

export const DEFAULT_DEDUP_THRESHOLD = 0.7;

export type DedupDecision = {
  /** true when the highest ROUGE-L F1 against the references and the tasks kept so far is <= threshold */
  kept: boolean;
  /** that highest score, exact (0 when nothing shares a token with the task) */
  maxRougeL: number;
  /** id of the reference or kept task reaching it (the earliest added on ties); null when the score is 0 */
  mostSimilar: string | null;
};

/**
 * Alpaca's ROUGE-L filter: each offered task is compared with the references (seeds) and every task kept
 * before it, never with tasks discarded or offered later, so of two near-duplicates only the later one
 * goes. The result is what scoring every pair with `rougeLF1` would give, found through an index.
 */
export class IncrementalDeduper {
  private readonly index = new BestMatchIndex();
  private readonly ids: string[] = [];
  private offeredCount = 0;
  private keptCount = 0;

  constructor(readonly threshold = DEFAULT_DEDUP_THRESHOLD) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new RangeError(`The ROUGE-L threshold must be a number from 0 to 1 (got ${threshold}).`);
    }
  }

  /** Tasks offered so far, and how many of them were kept. */
  get stats(): { offered: number; kept: number; discarded: number; references: number } {
    return {
      offered: this.offeredCount,
      kept: this.keptCount,
      discarded: this.offeredCount - this.keptCount,
      references: this.ids.length - this.keptCount,
    };
  }

  /** A seed: always kept, and compared against from now on. */
  addReference(id: string, instruction: string): void {
    this.index.add(instruction);
    this.ids.push(id);
  }

  offer(id: string, instruction: string): DedupDecision {
    const tokens = rougeTokens(instruction);
    const best = this.index.bestTokens(tokens);
    const maxRougeL = best?.score ?? 0;
    const kept = maxRougeL <= this.threshold;
    const mostSimilar = best === null ? null : (this.ids[best.slot] as string);
    this.offeredCount++;
    if (kept) {
      this.index.addTokens(tokens);
      this.ids.push(id);
      this.keptCount++;
    }
    return { kept, maxRougeL, mostSimilar };
  }

  /**
   * offer()'s decision without the exact score of a task kept, for callers that store none (a release):
   * `mostSimilar` is the task or reference above the threshold that offer() names, null when kept. Only
   * what could pass the threshold is scored: with many tasks kept, most of offer()'s work is finding the
   * best of the matches below it.
   */
  admit(id: string, instruction: string): { kept: boolean; mostSimilar: string | null } {
    const tokens = rougeTokens(instruction);
    const best = this.index.bestTokens(tokens, this.threshold);
    this.offeredCount++;
    if (best !== null) return { kept: false, mostSimilar: this.ids[best.slot] as string };
    this.index.addTokens(tokens);
    this.ids.push(id);
    this.keptCount++;
    return { kept: true, mostSimilar: null };
  }
}
