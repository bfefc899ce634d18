// Shared shapes of the generated-dataset area (browse, curate, spot-check, analyse, publish).

/** A generated record as curated: the current text (an edit's, or the original), its tags and provenance. */
export type DatasetRecord = {
  /** GeneratedTask id */
  id: string;
  jobId: string;
  jobNumber: number;
  /** order among the job's kept tasks (1..target) */
  seq: number;
  instruction: string;
  input: string;
  output: string;
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
  /** true when a person edited the text (the original stays on record) */
  edited: boolean;
  provenance: {
    requestId: string;
    requestIndex: number;
    seedIds: string[];
    taskModel: string | null;
    responseModel: string | null;
    taskPromptVersion: number;
    responsePromptVersion: number;
    /** highest ROUGE-L F1 against the seeds and the tasks kept before it, at admission */
    maxRougeL: number | null;
    mostSimilar: string | null;
  };
};

/** The four task classes BioInstruct reports its shares in. */
export type TaskCategory = "information extraction" | "text generation" | "question answering" | "other";

/** Whose perspective a view is (the vocabulary's view groups). */
export type { ViewGroupName } from "@/lib/model/vocabulary";

/** What the analysis needs of one instruction-tuning record (a seed or a generated record). */
export type AnalysisRecord = {
  instruction: string;
  input: string;
  /** null for seeds (they have no generated response) */
  output: string | null;
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
};

export type Count = { label: string; count: number };

/** Equal-width bins over [min, max); the last bin also holds max and anything above it. */
export type Histogram = {
  min: number;
  max: number;
  width: number;
  counts: number[];
  /** of the values binned */
  n: number;
  mean: number | null;
  median: number | null;
};

/** The top root verbs of instructions, each with its most common direct-object nouns. */
export type VerbObjectSummary = {
  /** records analysed */
  n: number;
  /** share (0..1) of instructions where no root verb was found */
  noVerbShare: number;
  /** share (0..1) where a verb was found but no direct-object noun */
  noObjectShare: number;
  /** the top verbs (20), most common first, each with its top objects (4) */
  top: { verb: string; count: number; objects: Count[] }[];
};

/** An analysis keeps each side's TOP_TOPICS topics and folds the rest into OTHER_TOPICS. */
export const TOP_TOPICS = 20;
export const OTHER_TOPICS = "Other topics";

export type SideAnalysis = {
  n: number;
  verbs: VerbObjectSummary;
  types: Count[];
  /** top 20 topics, then "Other topics" with the rest when there are more */
  topics: Count[];
  viewGroups: Count[];
  /** "1".."5" and "unknown" */
  difficulty: Count[];
  categories: Count[];
  /** in words */
  lengths: { instruction: Histogram; input: Histogram; output: Histogram | null };
};

/** A job's analysis, precomputed when the job completes (and after curation), stored as JSON. */
export type JobAnalysis = {
  version: 1;
  computedAt: string;
  durationMs: number;
  seeds: SideAnalysis;
  generated: SideAnalysis;
  /** each generated instruction's highest ROUGE-L F1 against the seeds only (Self-Instruct's histogram) */
  rougeToSeeds: Histogram;
};
