import type { SeedFields } from "@/lib/seeds/types";
import { NEW_SEED_SOURCE } from "./source-fields";

/** The editor's fields as the browser holds them (difficulty as the chosen radio's value, "" for none). */
export type SeedForm = Omit<SeedFields, "difficulty"> & { difficulty: string };

export const EMPTY_FORM: SeedForm = {
  instruction: "",
  input: "",
  output: "",
  topic: "",
  view: "",
  taskType: "",
  difficulty: "",
  note: "",
  // provenance and licence (issue 15): a task written in the editor is the author's own until they say otherwise
  ...NEW_SEED_SOURCE,
};

export const toForm = (s: SeedFields): SeedForm => ({
  ...s,
  difficulty: s.difficulty ? String(s.difficulty) : "",
});

export const sameForm = (a: SeedForm, b: SeedForm) =>
  (Object.keys(EMPTY_FORM) as (keyof SeedForm)[]).every((k) => a[k] === b[k]);

/** Labels of the editor's fields, for messages. */
const FIELD_LABELS: Record<keyof SeedForm, string> = {
  instruction: "Instruction",
  input: "Input",
  output: "Reference output",
  topic: "Topic",
  view: "View",
  taskType: "Task type",
  difficulty: "Difficulty",
  note: "Note",
  sourceKind: "Source",
  citation: "Citation",
  citationUrl: "Citation URL",
  licence: "Licence",
  adapted: "Adapted",
};

/**
 * Text kept in the browser, restored onto what is on screen now (the newer version someone saved since, perhaps
 * from another tab): only the fields the kept copy changed from the version it was written on (`base`) are
 * restored, so a change saved meanwhile to another field stays. `replaced` names the fields both changed, where
 * the kept text wins (the version it replaces stays in the history). Without a base (a copy kept by an older
 * MedSeed) the whole copy is restored, as before.
 */
export function restoreKept(
  kept: SeedForm,
  base: SeedForm | undefined,
  current: SeedForm,
): { form: SeedForm; replaced: string[] } {
  if (!base) return { form: kept, replaced: [] };
  const form = { ...current };
  const replaced: string[] = [];
  for (const k of Object.keys(EMPTY_FORM) as (keyof SeedForm)[]) {
    if (kept[k] === base[k]) continue; // not changed in the kept copy: what is on screen now stays
    if (current[k] !== base[k] && current[k] !== kept[k]) replaced.push(FIELD_LABELS[k]);
    Object.assign(form, { [k]: kept[k] });
  }
  return { form, replaced };
}
