import { EXPORT_FORMATS, type ExportFormatName } from "@/lib/validation/export";

export const DEFAULT_FORMAT: ExportFormatName = "alpacare";

/** The Exports form's choices, as the page's URL keeps them (?format=jsonl&topic=…&difficulty=3,4). */
export type ExportChoices = {
  format: ExportFormatName;
  type?: string;
  topic?: string;
  view?: string;
  difficulty: number[];
};

type Param = string | string[] | undefined;
const one = (v: Param) => (Array.isArray(v) ? v[0] : v);

/**
 * The choices an Exports URL carries. A value the form does not offer (an old link to a topic since removed,
 * a format misspelt) is left out rather than refused: the form opens with what it can show.
 */
export function exportChoicesFrom(
  params: Record<string, Param>,
  options: { topics: string[]; views: string[]; types: string[] },
): ExportChoices {
  const format = one(params.format);
  const pick = (value: Param, offered: string[]) => {
    const v = one(value);
    return v && offered.includes(v) ? v : undefined;
  };
  const difficulty = [
    ...new Set(
      (Array.isArray(params.difficulty) ? params.difficulty : [params.difficulty ?? ""])
        .flatMap((v) => v.split(","))
        .map(Number)
        .filter((d) => Number.isInteger(d) && d >= 1 && d <= 5),
    ),
  ].sort();
  return {
    format: EXPORT_FORMATS.includes(format as ExportFormatName)
      ? (format as ExportFormatName)
      : DEFAULT_FORMAT,
    type: pick(params.type, options.types),
    topic: pick(params.topic, options.topics),
    view: pick(params.view, options.views),
    difficulty,
  };
}

/** True when the choices filter anything (the page then previews them too). */
export const filtersAny = (c: ExportChoices) => Boolean(c.type || c.topic || c.view || c.difficulty.length);
