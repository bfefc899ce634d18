import type { SourceKind } from "@/lib/model/source-kinds";
import { SOURCE_FIELDS, type SourceOverride } from "@/lib/validation/source";
import type { ValidRow } from "./map";
import type { ImportShape } from "./types";

// Provenance for an imported file (issue 15). The file as a whole gets a source (chosen in the preview, or
// given to the CLI as flags); rows that state their own (MedSeed rows with source_kind, licence... columns)
// keep theirs. Client-safe: the preview's form starts from `suggestedSource`.

export type SourceKey = (typeof SOURCE_FIELDS)[number];

export const ALPACARE_CITATION =
  'Zhang X, Tian C, Yang X, Chen L, Li Z, Petzold LR. "AlpaCare: Instruction-tuned Large Language Models for Medical Application." arXiv:2310.14558, 2023.';

/** The AlpaCare seed set (MedInstruct-52k's 167 clinician seeds) is CC BY-NC 4.0, from the AlpaCare paper. */
export const ALPACARE_SOURCE = {
  sourceKind: "PUBLIC_DATASET" as SourceKind,
  citation: ALPACARE_CITATION,
  citationUrl: "https://arxiv.org/abs/2310.14558",
  licence: "CC-BY-NC-4.0",
  adapted: false,
} satisfies Required<SourceOverride>;

/** What the preview proposes for a file of this shape: AlpaCare's terms for an AlpaCare file, else nothing. */
export function suggestedSource(shape: ImportShape | null): SourceOverride {
  return shape === "alpacare" ? { ...ALPACARE_SOURCE } : {};
}

/** Fills every source field a row did not state itself from the file's source. In place. */
export function applyFileSource(rows: ValidRow[], source: SourceOverride): void {
  const keys = SOURCE_FIELDS.filter((k) => source[k] !== undefined);
  if (!keys.length) return;
  for (const row of rows) {
    const fields = row.fields as Record<SourceKey, unknown>;
    for (const k of keys) if (!row.stated.includes(k)) fields[k] = source[k];
  }
}

/** How many rows state any source field of their own. */
export const rowsWithOwnSource = (rows: ValidRow[]) => rows.filter((r) => r.stated.length > 0).length;
