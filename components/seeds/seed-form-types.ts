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
