import type { TaskCategory } from "@/lib/dataset/types";
import { type CanonicalTaskType, canonicalTaskType } from "@/lib/model/task-types";

/** BioInstruct's classes in the order its shares are reported (and charted). */
export const TASK_CATEGORIES: readonly TaskCategory[] = [
  "information extraction",
  "text generation",
  "question answering",
  "other",
];

/**
 * Where each canonical task type falls among BioInstruct's four classes. BioInstruct's information
 * extraction class covers extraction-style tasks, in which the answer is drawn from the given text:
 * classification, summarization, named entity and relation extraction.
 */
export const CATEGORY_OF_TYPE: Readonly<Record<CanonicalTaskType, TaskCategory>> = {
  Classification: "information extraction",
  Summarization: "information extraction",
  "Text generation": "text generation",
  Rewrite: "text generation",
  Chat: "text generation",
  "Open Q&A": "question answering",
  "USMLE style Q&A": "question answering",
  "Multiple-choice Q&A": "question answering",
  "Single-hop reasoning": "question answering",
  "Multiple-hop reasoning": "question answering",
};

/** The class of a task type, under any spelling canonicalTaskType folds; "other" for admin-added types. */
export function taskCategory(taskType: string): TaskCategory {
  const canonical = canonicalTaskType(taskType);
  return canonical ? CATEGORY_OF_TYPE[canonical] : "other";
}
