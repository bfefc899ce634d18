import type { SeedView } from "./types";

export const seedViewSelect = {
  id: true,
  instruction: true,
  input: true,
  output: true,
  topic: true,
  view: true,
  taskType: true,
  difficulty: true,
  note: true,
  // provenance and licence (issue 15)
  sourceKind: true,
  citation: true,
  citationUrl: true,
  licence: true,
  adapted: true,
  status: true,
  version: true,
  authorId: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { email: true, name: true } },
} as const;

type Row = Omit<SeedView, "authorEmail" | "authorName"> & { author: { email: string; name: string | null } };

export function toSeedView({ author, ...row }: Row): SeedView {
  return { ...row, authorEmail: author.email, authorName: author.name };
}
