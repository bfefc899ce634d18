import { CANONICAL_TASK_TYPES, canonicalTaskType } from "@/lib/model/task-types";
import { tidyValue, vocabKey } from "@/lib/model/vocabulary";

// The tags of a generated task, brought to the form seeds are stored in. Pure: the engine may pass the
// admin-added task types it loaded from the vocabulary, the way resolveTerm consults the database first.

export type RawTags = { type: string; topic: string; view: string; difficulty: string | number | null };

export type TagFailureReason =
  | "empty_field:type"
  | "empty_field:topic"
  | "empty_field:view"
  | "unknown_type"
  | "bad_difficulty";

export type NormalizedTags =
  | { ok: true; type: string; topic: string; view: string; difficulty: number | null }
  | { ok: false; reason: TagFailureReason; detail: string };

export type NormalizeTagsOptions = {
  /** vocabKey(spelling) -> stored type, for types and aliases admins added; consulted before the built-in rules */
  knownTypes?: ReadonlyMap<string, string>;
  /**
   * vocabKey(spelling) -> the vocabulary's spelling of an accepted topic or view (and its aliases): a model's
   * "Medical Student" is stored as the seeds' "Medical student", so filters and charts count them as one.
   */
  knownTopics?: ReadonlyMap<string, string>;
  knownViews?: ReadonlyMap<string, string>;
};

// "3", "3/5", "3 of 5", "Level 3", "Difficulty: 3", "3 (moderate)", "3 - moderate", "3.0". A second number
// after the first ("2-3", "3, 4") is a range or a list, not a level, so it is refused rather than guessed.
const DIFFICULTY =
  /^(?:(?:level|difficulty(?:\s+level)?)\s*[:#]?\s*)?(\d+)(?:\.0*)?\s*(?:(?:\/|of|out\s+of)\s*5)?(?:\s*[-–—:(,]\s*[^\d\s].*|\s+[^\d\s].*)?$/i;

/** Level 1-5, null when left blank, undefined when it is not a level. */
function parseDifficulty(raw: string | number | null): number | null | undefined {
  if (raw === null) return null;
  const text = tidyValue(String(raw));
  if (!text) return null;
  const match = DIFFICULTY.exec(text);
  const level = match ? Number(match[1]) : Number.NaN;
  return level >= 1 && level <= 5 ? level : undefined;
}

export function normalizeTags(raw: RawTags, options: NormalizeTagsOptions = {}): NormalizedTags {
  const typeText = tidyValue(raw.type);
  const topic = tidyValue(raw.topic);
  const view = tidyValue(raw.view);
  if (!typeText) return { ok: false, reason: "empty_field:type", detail: "The Type line is empty." };
  if (!topic) return { ok: false, reason: "empty_field:topic", detail: "The Topic line is empty." };
  if (!view) return { ok: false, reason: "empty_field:view", detail: "The View line is empty." };

  const type = options.knownTypes?.get(vocabKey(typeText)) ?? canonicalTaskType(typeText);
  if (!type) {
    return {
      ok: false,
      reason: "unknown_type",
      detail: `Unknown task type "${typeText}". Known types: ${CANONICAL_TASK_TYPES.join(", ")}.`,
    };
  }
  const difficulty = parseDifficulty(raw.difficulty);
  if (difficulty === undefined) {
    return {
      ok: false,
      reason: "bad_difficulty",
      detail: `Difficulty "${tidyValue(String(raw.difficulty))}" is not a level from 1 to 5.`,
    };
  }
  return {
    ok: true,
    type,
    topic: options.knownTopics?.get(vocabKey(topic)) ?? topic,
    view: options.knownViews?.get(vocabKey(view)) ?? view,
    difficulty,
  };
}
