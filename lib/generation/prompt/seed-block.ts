// How a seed task appears inside the task-generation prompt (PIPELINE.md section 2): a "###" line, then the
// numbered block. Used by the editor's prompt preview and by the generation prompt builder, so both agree.

export type PromptSeed = {
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
  instruction: string;
  input: string;
};

export const NO_INPUT = "<noinput>";

/** As AlpaCare's task_encode_prompt writes it: the number on the Type line only, the instruction on one line. */
export function renderSeedBlock(seed: PromptSeed, n: number): string {
  const instruction = seed.instruction.replace(/\s+/g, " ").trim().replace(/:+$/, "");
  const input = seed.input.trim() ? seed.input.trim() : NO_INPUT;
  return [
    "###",
    `${n}. Type: ${seed.taskType}`,
    `Topic: ${seed.topic}`,
    `View: ${seed.view}`,
    `Difficulty: ${seed.difficulty ?? ""}`,
    `Instruction: ${instruction}`,
    `Input: ${input}`,
  ].join("\n");
}
