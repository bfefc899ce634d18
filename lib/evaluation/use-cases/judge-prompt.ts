import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { JUDGE_PLACEHOLDERS } from "../judge-prompt";
import {
  currentJudgePrompt,
  type JudgePromptVersion,
  judgePromptHistory,
  judgePromptVersion,
  saveJudgePrompt,
} from "../judge-prompts";

/** The judge's template: the newest version (or the one asked for), every version, and the placeholders. */
export async function getJudgePrompt(actor: Actor, input: { version?: number } = {}) {
  authorize(actor, "evaluation.read");
  const [shown, history] = await Promise.all([
    input.version === undefined ? currentJudgePrompt() : judgePromptVersion(input.version),
    judgePromptHistory(),
  ]);
  return {
    current: history[0] as JudgePromptVersion,
    shown,
    history,
    placeholders: JUDGE_PLACEHOLDERS.map(({ token, description }) => ({ token, description })),
  };
}

/**
 * Saves an edit of the judge's template as the next version (audited as evaluation.judge-prompt). A template
 * missing a placeholder is refused with the placeholder named; runs already made keep the version they used.
 */
export async function editJudgePrompt(
  actor: Actor,
  input: { system: string; user: string; note?: string; basedOn: number },
): Promise<JudgePromptVersion> {
  authorize(actor, "evaluation.prompt");
  return saveJudgePrompt(input, actor.id);
}
