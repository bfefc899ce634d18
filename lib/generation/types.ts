import type { PromptSeed } from "./prompt/seed-block";

// Shapes of the generation area that other areas use too (lib/dataset reads the seeds a job froze and lists
// its tasks): here, so that they need not reach into the engine for them. Types only.

/** A seed as the job froze it: what the model is shown, and its id for provenance. */
export type JobSeed = PromptSeed & { id: string };

/** A job as people name it: by its id (pages, API) or by its number (#7, the command line). */
export type JobRef = { jobId: string } | { jobNumber: number };

/**
 * Where a new job's seeds come from: an export (by id from the form and the API, by number from the command
 * line), or seed tasks the command line read from a file (`generate --seeds`).
 */
export type JobSource =
  | { exportId: string }
  | { exportNumber: number }
  | { seeds: JobSeed[]; seedSource: string };

/**
 * One task a job parsed, kept or discarded, as the lists show it (the job page's tasks, the dataset's record
 * browser): its text and tags, where it came from, and what became of it.
 */
export type GeneratedTaskRow = {
  /** GeneratedTask id */
  id: string;
  /** order among the job's kept tasks (1..target); null when discarded */
  seq: number | null;
  kept: boolean;
  /** why it was discarded */
  reason: string | null;
  instruction: string;
  input: string;
  /** the response; null until the response model has answered (and for discarded tasks) */
  output: string | null;
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
  /** highest ROUGE-L F1 against the seeds and the tasks kept before it, at admission */
  maxRougeL: number | null;
  /** index of the task request that produced it */
  requestIndex: number;
};
