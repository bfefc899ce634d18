import type { SeedStatusName } from "@/lib/model/seed-status";
import type { SourceFields } from "@/lib/validation/source";

export type SeedFields = {
  instruction: string;
  input: string;
  output: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number | null;
  note: string;
} & StoredSource; // provenance and licence (issue 15)

/** As stored: the kind is a SOURCE_KINDS value, kept as text in the row. */
export type StoredSource = Omit<SourceFields, "sourceKind"> & { sourceKind: string };

export type SeedView = SeedFields & {
  id: string;
  status: SeedStatusName;
  version: number;
  authorId: string;
  authorEmail: string;
  authorName: string | null;
  createdAt: Date;
  updatedAt: Date;
};
