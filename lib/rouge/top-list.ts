export type RougeMatch = { id: string; score: number };

/** Higher score first; equal scores by id in code-unit order, which keeps results deterministic. */
export function isBetter(score: number, id: string, thanScore: number, thanId: string): boolean {
  return score > thanScore || (score === thanScore && id < thanId);
}

/** The best `capacity` matches seen so far, kept sorted best-first (k is small, so insertion is cheap). */
export class TopList {
  readonly items: RougeMatch[] = [];

  constructor(private readonly capacity: number) {}

  get full(): boolean {
    return this.items.length >= this.capacity;
  }

  /** Score a newcomer must reach to have a chance of entering (ties may still win on id). */
  get cutoff(): number {
    return this.full ? (this.items[this.items.length - 1] as RougeMatch).score : Number.NEGATIVE_INFINITY;
  }

  offer(id: string, score: number): void {
    const items = this.items;
    if (this.full) {
      const worst = items[items.length - 1] as RougeMatch;
      if (!isBetter(score, id, worst.score, worst.id)) return;
      items.pop();
    }
    let at = items.length;
    while (at > 0) {
      const above = items[at - 1] as RougeMatch;
      if (!isBetter(score, id, above.score, above.id)) break;
      at--;
    }
    items.splice(at, 0, { id, score });
  }
}
