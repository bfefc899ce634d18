import {
  type ChatMessage,
  type Placeholder,
  type PromptTemplate,
  renderTemplate,
  templateProblems,
} from "@/lib/quality/template";
import type { JudgeOrder } from "./scoring";

// The pairwise judge (PIPELINE.md section 6): AlpacaFarm's structure as AlpaCare used it. A request to pick
// the output that better follows the instruction, answering ONLY "Output (a)", "Output (b)" or "Tie"; one
// worked example; then the task under `## Instruction:`, `## Output (a):`, `## Output (b):` and a closing
// question. The wording and the example are MedSeed's own. Versioned and editable like the generation
// prompts (lib/evaluation/judge-prompts.ts): this default is version 1 there, and must stay byte for byte as
// it is (runs made with it keep sharing its cached verdicts); a change of wording is an edit, a new version.

/** AlpaCare's judge settings: deterministic, and a verdict needs only a few tokens. */
export const JUDGE_TEMPERATURE = 0;
export const JUDGE_MAX_TOKENS = 100;
/** An unparseable verdict is asked for once more, then recorded as unparsed (null) and left out. */
export const JUDGE_ATTEMPTS = 2;

export const JUDGE_PLACEHOLDERS: readonly Placeholder[] = [
  {
    name: "instruction",
    token: "{{instruction}}",
    description: "the test item's instruction, with its input after a blank line when it has one",
    required: true,
  },
  {
    name: "output_a",
    token: "{{output_a}}",
    description: "the answer shown first, verbatim",
    required: true,
  },
  {
    name: "output_b",
    token: "{{output_b}}",
    description: "the answer shown second, verbatim",
    required: true,
  },
];

export const DEFAULT_JUDGE_TEMPLATE: PromptTemplate = {
  system:
    "You are a careful medical expert who compares two answers to the same instruction and reports, " +
    "without explanation, which one follows the instruction better.",
  user: `Decide which output follows the instruction better: which is more accurate, safer for a patient, more complete and more helpful. If neither is better, say Tie. Your answer must contain ONLY one of these: Output (a), Output (b) or Tie.

# Example:
## Instruction:
What does a blood pressure reading of 150/95 mmHg mean for an adult?

## Output (a):
It is stage 2 hypertension. One reading is not a diagnosis: repeat the measurement on separate days, and see a doctor to confirm it and discuss lifestyle changes or treatment.

## Output (b):
It means your heart is beating 150 times a minute, which is normal after exercise.

## Which is best, Output (a), Output (b) or Tie?
Output (a)

Output (a) is right here: it reads the numbers correctly and gives safe advice, while output (b) mistakes the blood pressure for a heart rate.

# Task:
Now the real task. Do not explain your answer: say only Output (a), Output (b) or Tie.

## Instruction:
{{instruction}}

## Output (a):
{{output_a}}

## Output (b):
{{output_b}}

## Which is best, Output (a), Output (b) or Tie?
`,
};

export const validateJudgeTemplate = (t: PromptTemplate) => templateProblems(t, JUDGE_PLACEHOLDERS);

/** What the judge sees as the instruction: the input follows after a blank line (alpaca_eval's join). */
export function judgedInstruction(item: { instruction: string; input?: string }): string {
  const input = item.input?.trim() ?? "";
  return input ? `${item.instruction.trim()}\n\n${input}` : item.instruction.trim();
}

/** One request: both answers go in verbatim (no trimming: whitespace can be part of what is judged). */
export function buildJudgeMessages(
  template: PromptTemplate,
  item: { instruction: string; input?: string },
  outputA: string,
  outputB: string,
): ChatMessage[] {
  return renderTemplate(
    template,
    JUDGE_PLACEHOLDERS,
    { instruction: judgedInstruction(item), output_a: outputA, output_b: outputB },
    "judge",
  );
}

/**
 * One order of one item: reference_first shows the reference as (a) and the candidate as (b);
 * reference_last the other way round. Judging both cancels the judge's preference for a position.
 */
export function buildJudgeOrder(
  template: PromptTemplate,
  item: { instruction: string; input?: string },
  answers: { candidate: string; reference: string },
  order: JudgeOrder,
): ChatMessage[] {
  return order === "reference_first"
    ? buildJudgeMessages(template, item, answers.reference, answers.candidate)
    : buildJudgeMessages(template, item, answers.candidate, answers.reference);
}

/** Both orders of one item (buildJudgeOrder). */
export function buildJudgeOrders(
  template: PromptTemplate,
  item: { instruction: string; input?: string },
  answers: { candidate: string; reference: string },
): { reference_first: ChatMessage[]; reference_last: ChatMessage[] } {
  return {
    reference_first: buildJudgeOrder(template, item, answers, "reference_first"),
    reference_last: buildJudgeOrder(template, item, answers, "reference_last"),
  };
}
