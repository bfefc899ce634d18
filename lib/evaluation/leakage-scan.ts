import { MaxPerDocument } from "@/lib/rouge/max-per-document";

// Train/test contamination: each test item's highest ROUGE-L (instruction text, as the generation filter
// measures it) against the approved seeds and against every task generation kept (what datasets and
// releases are made of). Above the threshold an item is flagged: a model trained on its near-twin wins it
// for the wrong reason, and every win rate rises with it.
//
// The corpora are streamed past the test items (a few hundred, indexed once) page by page, so a check holds
// one page of a million generated records at a time, never the whole corpus.

export const LEAKAGE_THRESHOLD = 0.7;

export type LeakMatch = { score: number; text: string };

export type ItemLeakage = {
  itemId: string;
  seed: LeakMatch | null;
  generated: LeakMatch | null;
  flagged: boolean;
};

// lib/evaluation/leakage.ts flaggedItemIds asks the same of the stored scores in SQL: change both together.
export const isLeak = (seed: number | null | undefined, generated: number | null | undefined): boolean =>
  (seed ?? 0) > LEAKAGE_THRESHOLD || (generated ?? 0) > LEAKAGE_THRESHOLD;

class Corpus {
  readonly index = new MaxPerDocument();
  readonly texts: (string | null)[] = [];
  count = 0;

  offer(rows: { instruction: string }[]): void {
    for (const row of rows) {
      for (const slot of this.index.offer(row.instruction)) this.texts[slot] = row.instruction;
      this.count++;
    }
  }

  match(slot: number): LeakMatch | null {
    const text = this.texts[slot];
    return text == null ? null : { score: this.index.scoreOf(slot), text };
  }
}

/** One check of one test set version: offer the seeds and the generated tasks in pages, in id order. */
export class LeakageScan {
  private readonly seeds = new Corpus();
  private readonly generatedTasks = new Corpus();

  constructor(private readonly items: { id: string; instruction: string }[]) {
    for (const item of items) {
      this.seeds.index.add(item.instruction);
      this.generatedTasks.index.add(item.instruction);
    }
  }

  get counts(): { seeds: number; records: number } {
    return { seeds: this.seeds.count, records: this.generatedTasks.count };
  }

  offerSeeds(rows: { instruction: string }[]): void {
    this.seeds.offer(rows);
  }

  offerGenerated(rows: { instruction: string }[]): void {
    this.generatedTasks.offer(rows);
  }

  result(): ItemLeakage[] {
    return this.items.map((item, slot) => {
      const seed = this.seeds.match(slot);
      const generated = this.generatedTasks.match(slot);
      return { itemId: item.id, seed, generated, flagged: isLeak(seed?.score, generated?.score) };
    });
  }
}
