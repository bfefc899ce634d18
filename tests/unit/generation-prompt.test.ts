import { describe, expect, it } from "vitest";
import { parseTaskCompletion } from "@/lib/generation/parse";
import {
  buildResponseMessages,
  DEFAULT_RESPONSE_SYSTEM,
  RESPONSE_MAX_TOKENS,
} from "@/lib/generation/prompt/response-prompt";
import { type PromptSeed, renderSeedBlock } from "@/lib/generation/prompt/seed-block";
import {
  buildTaskPrompt,
  DEFAULT_DECODING,
  DEFAULT_TASK_TEMPLATE,
  maxTokensForTasks,
  TEMPLATE_PLACEHOLDERS,
  validateTaskTemplate,
} from "@/lib/generation/prompt/task-prompt";
import { CANONICAL_TASK_TYPES } from "@/lib/model/task-types";

const seed = (i: number, over: Partial<PromptSeed> = {}): PromptSeed => ({
  taskType: "Open Q&A",
  topic: `Topic ${i}`,
  view: "Nurse",
  difficulty: (i % 5) + 1,
  instruction: `Explain seed number ${i} in detail.`,
  input: i % 2 ? "" : `Input text for seed ${i}.\nSecond line.`,
  ...over,
});
const SEEDS = [seed(1), seed(2), seed(3)];

describe("buildTaskPrompt", () => {
  const prompt = buildTaskPrompt(DEFAULT_TASK_TEMPLATE, SEEDS, 12);
  const [system, user] = prompt.messages;

  it("numbers the new tasks after the seeds and stops at the block after the last one", () => {
    expect(prompt.firstNumber).toBe(4);
    expect(prompt.lastNumber).toBe(15);
    expect(prompt.stop).toEqual(["16. Type:"]);
  });

  it("follows the number of seeds shown", () => {
    const p = buildTaskPrompt(DEFAULT_TASK_TEMPLATE, [seed(1), seed(2)], 5);
    expect([p.firstNumber, p.lastNumber, p.stop]).toEqual([3, 7, ["8. Type:"]]);
    expect(p.messages[1]?.content.endsWith("###\n3. Type:")).toBe(true);
  });

  it("sends a system message and a user message", () => {
    expect(prompt.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(system?.content).toBe(DEFAULT_TASK_TEMPLATE.system);
  });

  it("shows the seeds exactly as renderSeedBlock writes them, numbered 1..k, then opens block k+1", () => {
    const blocks = SEEDS.map((s, i) => renderSeedBlock(s, i + 1)).join("\n");
    expect(user?.content.endsWith(`${blocks}\n###\n4. Type:`)).toBe(true);
    expect(user?.content).toContain("1. Type: Open Q&A\nTopic: Topic 1\nView: Nurse\nDifficulty: 2");
    expect(user?.content).toContain("Input: Input text for seed 2.\nSecond line.");
  });

  it("fills every placeholder and leaves none behind", () => {
    expect(user?.content).not.toMatch(/\{\{|\}\}/);
    expect(user?.content).toContain("Write 12 new, diverse tasks");
    expect(user?.content).toContain("tasks 4 to 15");
    for (const type of CANONICAL_TASK_TYPES) expect(user?.content).toContain(type);
  });

  it("does not substitute placeholders written inside a seed", () => {
    const p = buildTaskPrompt(
      DEFAULT_TASK_TEMPLATE,
      [seed(1, { instruction: "Say {{count}} and $& literally." })],
      2,
    );
    expect(p.messages[1]?.content).toContain("Instruction: Say {{count}} and $& literally.");
  });

  it("accepts spaces inside the braces and placeholders in the system message", () => {
    const p = buildTaskPrompt(
      {
        system: "Write {{ count }} tasks of types {{types}}.",
        user: "Tasks {{first}}-{{last}}:\n{{ seed_blocks }}\n",
      },
      SEEDS,
      2,
    );
    expect(p.messages[0]?.content).toBe(`Write 2 tasks of types ${CANONICAL_TASK_TYPES.join(", ")}.`);
    expect(p.messages[1]?.content.startsWith("Tasks 4-5:\n###\n1. Type:")).toBe(true);
  });

  it("is parsed back by parseTaskCompletion when the model continues the last block", () => {
    const completion =
      " Chat\nTopic: Cardiology\nView: Patient\nDifficulty: 1\nInstruction: Can I drink coffee with AF?\nInput: <noinput>";
    const [task] = parseTaskCompletion(completion, { ...prompt, truncated: false });
    expect(task).toMatchObject({
      ok: true,
      number: 4,
      task: { type: "Chat", instruction: "Can I drink coffee with AF?" },
    });
  });

  it("refuses a bad count or template", () => {
    expect(() => buildTaskPrompt(DEFAULT_TASK_TEMPLATE, SEEDS, 0)).toThrow(RangeError);
    expect(() => buildTaskPrompt(DEFAULT_TASK_TEMPLATE, SEEDS, 2.5)).toThrow(RangeError);
    expect(() => buildTaskPrompt({ system: "s", user: "Write {{count}}." }, SEEDS, 2)).toThrow(/seed_blocks/);
  });
});

describe("DEFAULT_TASK_TEMPLATE", () => {
  it("is valid and uses every placeholder", () => {
    expect(validateTaskTemplate(DEFAULT_TASK_TEMPLATE)).toEqual([]);
    for (const p of TEMPLATE_PLACEHOLDERS) expect(DEFAULT_TASK_TEMPLATE.user).toContain(p.token);
  });

  it("states the requirements of the original prompt", () => {
    const text = DEFAULT_TASK_TEMPLATE.user;
    for (const needle of [
      "medical domain",
      "<noinput>",
      "The Input must range from 50 to 200 words",
      "more than 50 words",
      "first person",
      "1 to 5",
      "###",
    ]) {
      expect(text).toContain(needle);
    }
    // AlpaCare's rule, not a softened one (version 1 said "usually").
    expect(text).not.toMatch(/usually 50 to 200/);
  });
});

describe("validateTaskTemplate", () => {
  const ok = { system: "You write medical tasks.", user: "Write {{count}} tasks.\n\n{{seed_blocks}}" };

  it("accepts a minimal template", () => {
    expect(validateTaskTemplate(ok)).toEqual([]);
  });

  it.each([
    [{ ...ok, system: "  " }, /system message is empty/],
    [{ ...ok, user: "" }, /user template is empty/],
    [{ ...ok, user: "Write {{count}} tasks." }, /must contain \{\{seed_blocks\}\}/],
    [{ ...ok, user: "{{seed_blocks}} Write {{count}} tasks." }, /at the very end/],
    [{ ...ok, user: "{{count}} {{seed_blocks}}\n{{seed_blocks}}" }, /more than once/],
    [{ ...ok, user: "Write tasks.\n{{seed_blocks}}" }, /how many tasks/],
    [{ ...ok, user: "Write {{count}} {{topics}}.\n{{seed_blocks}}" }, /unknown placeholder \{\{topics\}\}/],
    [{ ...ok, user: "Write {{count} tasks.\n{{seed_blocks}}" }, /unmatched/],
    [{ ...ok, system: "Use {{seed_blocks}}" }, /belongs in the user template/],
    [{ ...ok, system: "x".repeat(20_001) }, /keep it under 20,000/],
  ])("explains what is wrong with %j", (template, message) => {
    const problems = validateTaskTemplate(template);
    expect(problems.some((p) => message.test(p))).toBe(true);
  });
});

describe("maxTokensForTasks and DEFAULT_DECODING", () => {
  it("grows with the number of tasks, leaving room for 200-word inputs", () => {
    expect(maxTokensForTasks(1)).toBe(470);
    expect(maxTokensForTasks(12)).toBe(4320);
    expect(maxTokensForTasks(12)).toBeGreaterThan(500);
  });

  it("keeps the original's sampling settings", () => {
    expect(DEFAULT_DECODING).toEqual({ temperature: 1, topP: 1, presencePenalty: 1.5, frequencyPenalty: 0 });
  });
});

describe("buildResponseMessages", () => {
  it("sends instruction, a blank line and the input", () => {
    expect(
      buildResponseMessages("sys", { instruction: "Summarise this note.", input: "BP 120/80.\nHR 70." }),
    ).toEqual([
      { role: "system", content: "sys" },
      { role: "user", content: "Summarise this note.\n\nBP 120/80.\nHR 70." },
    ]);
  });

  it.each(["", "   ", "<noinput>", "<NoInput>", " < noinput > \n"])("leaves out the input %j", (input) => {
    expect(buildResponseMessages("sys", { instruction: "What is angina?", input })[1]?.content).toBe(
      "What is angina?",
    );
  });

  it("keeps an input that merely mentions noinput", () => {
    const content = buildResponseMessages("sys", {
      instruction: "Fix this.",
      input: "<noinput> was typed here",
    })[1]?.content;
    expect(content).toBe("Fix this.\n\n<noinput> was typed here");
  });

  it("has a default system prompt with AlpaCare's multiple-choice rules and the original limit", () => {
    expect(DEFAULT_RESPONSE_SYSTEM).toMatch(/multiple-choice question, reason step by step/);
    expect(DEFAULT_RESPONSE_SYSTEM).toContain('"The answer is X) option"');
    expect(DEFAULT_RESPONSE_SYSTEM).toContain('"The answer is D) Leg."');
    expect(DEFAULT_RESPONSE_SYSTEM).toMatch(/Do not use that format for any other kind of task/);
    expect(DEFAULT_RESPONSE_SYSTEM).toMatch(/medical expert/i);
    expect(RESPONSE_MAX_TOKENS).toBe(300);
  });
});
