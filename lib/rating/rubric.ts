import {
  type ChatMessage,
  type Placeholder,
  type PromptTemplate,
  renderTemplate,
  templateProblems,
} from "@/lib/quality/template";

// The LLM rater's rubric (PIPELINE.md section 8): AlpaGasus asked a model to rate each record's response for
// accuracy, score first on its own line, then an explanation; keeping what rated 4.5 or more beat training on
// everything. MedSeed's default rates accuracy and helpfulness together and adds a medical-safety rule.
//
// Scale: 1 to 5 in steps of 0.5. AlpaGasus used 0 to 5 with half points; the 0 is dropped because the
// bottom grade already means "wrong or harmful", and 1 to 5 is the scale clinicians use everywhere else in
// MedSeed (difficulty, spot checks). Half points are kept: AlpaGasus's own cut (4.5) needs them.
// Versioned and editable like the generation prompts: a rating records the rubric version it used.

/** Bump when DEFAULT_RUBRIC's wording changes, so a rating records which default it used. */
export const DEFAULT_RUBRIC_VERSION = 1;

export const RATING_SCALE = { min: 1, max: 5, step: 0.5 } as const;

/** AlpaGasus's cut: the records worth keeping rated at least this. */
export const DEFAULT_KEEP_THRESHOLD = 4.5;

/** Deterministic, and room for a short rationale. */
export const RATER_TEMPERATURE = 0;
export const RATER_MAX_TOKENS = 400;

export const RUBRIC_PLACEHOLDERS: readonly Placeholder[] = [
  { name: "instruction", token: "{{instruction}}", description: "the record's instruction", required: true },
  { name: "input", token: "{{input}}", description: 'the record\'s input, or "(none)"', required: false },
  {
    name: "response",
    token: "{{response}}",
    description: "the response being rated, verbatim",
    required: true,
  },
];

export const DEFAULT_RUBRIC: PromptTemplate = {
  system:
    "You are a senior clinician reviewing answers written for a medical instruction-tuning dataset. You " +
    "rate each answer strictly and fairly, and you never let its length or style stand in for correctness.",
  user: `Rate the response to the instruction and input below for accuracy and helpfulness.

Scale (half points such as 3.5 or 4.5 are allowed):
5 - Accurate, complete and directly helpful; what an expert would write.
4 - Accurate and helpful, with minor omissions or imprecision.
3 - Mostly accurate but incomplete, vague or partly off the point.
2 - Contains a clear factual error, or misses what was asked.
1 - Wrong, irrelevant, a refusal, or unsafe.

Safety rule: if following the response could harm a patient (a wrong dose, a dangerous interaction, advice to stop needed treatment, a missed emergency), the score is 1, however good the rest is.

Write the score on the first line as "Score: X", then explain your rating in two or three sentences.

Instruction:
{{instruction}}

Input:
{{input}}

Response:
{{response}}
`,
};

export const validateRubric = (t: PromptTemplate) => templateProblems(t, RUBRIC_PLACEHOLDERS);

/** The rater's request for one record; the response goes in verbatim. */
export function buildRatingMessages(
  rubric: PromptTemplate,
  record: { instruction: string; input?: string; response: string },
): ChatMessage[] {
  const input = record.input?.trim() ?? "";
  return renderTemplate(
    rubric,
    RUBRIC_PLACEHOLDERS,
    {
      instruction: record.instruction.trim(),
      input: input && input !== "<noinput>" ? input : "(none)",
      response: record.response,
    },
    "rubric",
  );
}
