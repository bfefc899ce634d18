import { z } from "zod";
import type { ImportFormat, RowIssue, RowRef, Warning } from "@/lib/seeds/import/types";
import { fileStem, instructionKey, looseProps, notAnObject, readJsonRows, readText } from "./file-rows";

// A model's answers to a test set, uploaded as an alpaca_eval outputs file: a JSON list (or JSON Lines) of
// {instruction, output, generator?}, an `input` allowed. Rows are matched to test items by instruction
// (whitespace-normalised; see instructionKey). Rows that match no item are reported, not refused: an
// outputs file often covers more than the test set (alpaca_eval's 805 prompts, a larger MedInstruct run).
// A bad row or two different outputs for one instruction refuse the whole file.

export type CandidateRow = RowRef & {
  instruction: string;
  input: string;
  output: string;
  generator?: string;
};

export type CandidateOutputs =
  | {
      ok: true;
      format: ImportFormat;
      /** the model: the rows' `generator`, else the file name */
      generator: string;
      /** every row by instructionKey */
      byInstruction: Map<string, CandidateRow>;
      /** the row answering each test item, in the items' order; null when the file has none for it */
      byItem: (CandidateRow | null)[];
      /** rows that match no test item */
      unmatched: { line: number; instruction: string }[];
      /** test items the file has no output for (index into the items) */
      missing: { index: number; instruction: string }[];
      warnings: Warning[];
    }
  | { ok: false; format: ImportFormat | null; errors: RowIssue[]; warnings: Warning[] };

const rowSchema = z.object({
  instruction: z
    .string({ error: "The instruction is missing or not text." })
    .refine((v) => v.trim() !== "", { error: "The instruction is missing or empty." }),
  // An empty answer is an answer (a model can return nothing); a missing one is a broken file.
  output: z.string({ error: "The output is missing or not text." }),
  input: z.string().optional(),
  generator: z.string().optional(),
});

export async function parseCandidateOutputs(
  text: string,
  items: readonly { instruction: string; input?: string }[],
  options: { fileName?: string } = {},
): Promise<CandidateOutputs> {
  const read = await readJsonRows(text);
  // Lines that are not JSON are named with the other lines' problems, in one pass (as the test set import).
  const errors: RowIssue[] = [...read.errors];
  const warnings: Warning[] = [];
  const byInstruction = new Map<string, CandidateRow>();
  const generators = new Map<string, number>();
  for (const record of read.records) {
    const bad = notAnObject(record);
    if (bad) {
      errors.push(bad);
      continue;
    }
    const ref: RowRef = { line: record.line, row: record.row };
    const props = looseProps(record.value as Record<string, unknown>);
    const problems: RowIssue[] = [];
    const fields: Record<string, string | undefined> = {};
    for (const field of ["instruction", "output", "input", "generator"]) {
      fields[field] = readText(ref, field, props.get(field)?.value, problems);
    }
    const parsed = rowSchema.safeParse(fields);
    if (problems.length || !parsed.success) {
      errors.push(...problems);
      for (const issue of parsed.error?.issues ?? []) {
        const field = String(issue.path[0] ?? "instruction");
        if (!problems.some((p) => p.field === field)) errors.push({ ...ref, field, message: issue.message });
      }
      continue;
    }
    const row: CandidateRow = {
      ...ref,
      instruction: parsed.data.instruction,
      input: parsed.data.input ?? "",
      output: parsed.data.output,
      ...(parsed.data.generator?.trim() && { generator: parsed.data.generator.trim() }),
    };
    if (row.generator) generators.set(row.generator, (generators.get(row.generator) ?? 0) + 1);
    const key = instructionKey(row.instruction, row.input);
    const earlier = byInstruction.get(key);
    if (!earlier) byInstruction.set(key, row);
    else if (earlier.output === row.output) {
      warnings.push({ ...ref, message: `Repeats line ${earlier.line} (same instruction, same output).` });
    } else {
      errors.push({
        ...ref,
        field: "output",
        message: `Same instruction as line ${earlier.line} with a different output: keep one answer per instruction.`,
      });
    }
  }
  if (generators.size > 1) {
    const list = [...generators].map(([g, n]) => `${g} (${n})`).join(", ");
    errors.push({
      line: 1,
      message: `The rows name more than one generator: ${list}. Upload one model's outputs per file.`,
    });
  }
  if (errors.length || !read.format) {
    return { ok: false, format: read.format, errors: errors.sort((a, b) => a.line - b.line), warnings };
  }

  const used = new Set<string>();
  const byItem = items.map((item) => {
    const key = instructionKey(item.instruction, item.input);
    const row = byInstruction.get(key) ?? null;
    if (row) used.add(key);
    return row;
  });
  const unmatched = [...byInstruction]
    .filter(([key]) => !used.has(key))
    .map(([, row]) => ({ line: row.line, instruction: row.instruction }));
  const missing = items.flatMap((item, index) =>
    byItem[index] ? [] : [{ index, instruction: item.instruction }],
  );
  return {
    ok: true,
    format: read.format,
    generator: [...generators.keys()][0] ?? fileStem(options.fileName) ?? "candidate",
    byInstruction,
    byItem,
    unmatched,
    missing,
    warnings,
  };
}
