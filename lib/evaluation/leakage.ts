import "server-only";
import { db } from "@/lib/db";
import { BestMatchIndex } from "@/lib/rouge/best-match";

// Train/test contamination: each test item's highest ROUGE-L (instruction text, as the generation filter
// measures it) against the approved seeds and against every task generation kept (what datasets and
// releases are made of). Above the threshold an item is flagged: a model trained on its near-twin wins it
// for the wrong reason, and every win rate rises with it.

export const LEAKAGE_THRESHOLD = 0.7;

export type ItemLeakage = {
  itemId: string;
  seed: { score: number; text: string } | null;
  generated: { score: number; text: string } | null;
  flagged: boolean;
};

const PAGE = 10_000;

async function indexOf(
  load: (cursor: string | undefined) => Promise<{ id: string; instruction: string }[]>,
): Promise<{ index: BestMatchIndex; texts: string[] }> {
  const index = new BestMatchIndex();
  const texts: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await load(cursor);
    for (const r of rows) {
      index.add(r.instruction);
      texts.push(r.instruction);
    }
    if (rows.length < PAGE) return { index, texts };
    cursor = rows.at(-1)?.id;
  }
}

export async function leakageOf(versionId: string): Promise<ItemLeakage[]> {
  const items = await db.testItem.findMany({
    where: { versionId },
    orderBy: { position: "asc" },
    select: { id: true, instruction: true },
  });
  const page = (cursor: string | undefined) => ({
    take: PAGE,
    orderBy: { id: "asc" as const },
    select: { id: true, instruction: true },
    ...(cursor && { cursor: { id: cursor }, skip: 1 }),
  });
  const seeds = await indexOf((c) => db.seedTask.findMany({ where: { status: "APPROVED" }, ...page(c) }));
  const generated = await indexOf((c) => db.generatedTask.findMany({ where: { kept: true }, ...page(c) }));
  return items.map((item) => {
    const s = seeds.index.best(item.instruction);
    const g = generated.index.best(item.instruction);
    const seed = s ? { score: s.score, text: seeds.texts[s.slot] as string } : null;
    const gen = g ? { score: g.score, text: generated.texts[g.slot] as string } : null;
    return {
      itemId: item.id,
      seed,
      generated: gen,
      flagged: (seed?.score ?? 0) > LEAKAGE_THRESHOLD || (gen?.score ?? 0) > LEAKAGE_THRESHOLD,
    };
  });
}
