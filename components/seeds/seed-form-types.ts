import type { SeedFields } from "@/lib/seeds/types";

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
};

export const toForm = (s: SeedFields): SeedForm => ({
  ...s,
  difficulty: s.difficulty ? String(s.difficulty) : "",
});

export const sameForm = (a: SeedForm, b: SeedForm) =>
  (Object.keys(EMPTY_FORM) as (keyof SeedForm)[]).every((k) => a[k] === b[k]);
