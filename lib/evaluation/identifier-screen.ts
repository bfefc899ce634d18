import "server-only";
import { type PhiBlock, PhiMemo, type PhiSource, screenOutbound } from "@/lib/generation/provider/phi-gate";
import { resolvedKeys } from "@/lib/phi/resolutions";

// A test set version's possible patient identifiers, found before a run is started: the same screen, the same
// resolutions and the same field names as the PHI gate a run's requests pass (engine.ts: instruction and input
// to both endpoints, the chosen reference answer to the judge), so what the test set page and the estimate
// count is what the gate would stop. Told late, this was a run paused at its first request.

/** An item as the screen reads it: its question and its reference answers by model. */
export type ScreenedItem = {
  id: string;
  externalId: string | null;
  position: number;
  instruction: string;
  input: string;
  references: readonly { model: string; answer: string }[];
};

export type ItemIdentifiers = {
  itemId: string;
  label: string;
  /** open findings in the instruction and input (sent to the candidate and the judge) */
  question: PhiBlock[];
  /** open findings in each reference answer (sent to the judge when that reference is chosen), by model */
  references: Record<string, PhiBlock[]>;
};

export type IdentifierScreen = {
  /** only the items with an open finding, in the version's order */
  items: ItemIdentifiers[];
};

/** The detector's findings by text, shared by every page and estimate (the texts of a version do not change). */
const memo = new PhiMemo();

export const itemLabel = (i: Pick<ScreenedItem, "externalId" | "position">) =>
  `test item ${i.externalId ?? `#${i.position + 1}`}`;

/** The open findings of the items, as the run's PHI gate would meet them. */
export async function screenTestItems(items: readonly ScreenedItem[]): Promise<IdentifierScreen> {
  const resolved = await resolvedKeys(
    "testitem",
    items.map((i) => i.id),
  );
  const source = (i: ScreenedItem, fields: PhiSource["fields"]): PhiSource => ({
    targetType: "testitem",
    targetId: i.id,
    label: itemLabel(i),
    fields,
  });
  const screen = (src: PhiSource) => screenOutbound({ messages: [], phiSources: [src] }, resolved, memo);
  const found: ItemIdentifiers[] = [];
  for (const i of items) {
    const question = screen(source(i, { instruction: i.instruction, input: i.input }));
    const references: Record<string, PhiBlock[]> = {};
    for (const r of i.references) {
      const blocks = screen(source(i, { reference: r.answer }));
      if (blocks.length) references[r.model] = blocks;
    }
    if (question.length || Object.keys(references).length)
      found.push({ itemId: i.id, label: itemLabel(i), question, references });
  }
  return { items: found };
}

/** `NAME "John Smith" in test item 4, instruction`: the first finding, in the question before the references. */
export function firstIdentifier(screen: IdentifierScreen): string | null {
  const i = screen.items[0];
  const b = i ? (i.question[0] ?? Object.values(i.references)[0]?.[0]) : undefined;
  return i && b ? `${b.category} "${b.text}" in ${i.label}, ${b.field}` : null;
}
