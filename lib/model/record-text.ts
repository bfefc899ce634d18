// A generated record's text as people and models read it: a reviewer's edit of a field, else what was
// generated. Every reader of "the record as it now reads" (rating, spot checks, curation) goes through here.

/** The columns the text is read from (a Prisma select). */
export const RECORD_TEXT_COLUMNS = {
  instruction: true,
  input: true,
  output: true,
  curatedInstruction: true,
  curatedInput: true,
  curatedOutput: true,
} as const;

export type RecordTextColumns = {
  instruction: string;
  input: string;
  output: string | null;
  curatedInstruction: string | null;
  curatedInput: string | null;
  curatedOutput: string | null;
};

/** The record as it now reads ("" for a response not written yet). */
export function currentText(t: RecordTextColumns): { instruction: string; input: string; output: string } {
  return {
    instruction: t.curatedInstruction ?? t.instruction,
    input: t.curatedInput ?? t.input,
    output: t.curatedOutput ?? t.output ?? "",
  };
}
