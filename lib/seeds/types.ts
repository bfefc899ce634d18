import type { SeedStatusName } from "@/lib/model/seed-status";

export type SeedFields = {
  instruction: string;
  input: string;
  output: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number | null;
  note: string;
};

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
