"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { humanVerdictSchema, judgePromptEditSchema } from "@/lib/evaluation/api-schemas";
import { cancelEvalRun, pauseEvalRun, resumeEvalRun } from "@/lib/evaluation/use-cases/control-eval-run";
import { importTestset } from "@/lib/evaluation/use-cases/import-testset";
import { editJudgePrompt } from "@/lib/evaluation/use-cases/judge-prompt";
import { recordHumanVerdict } from "@/lib/evaluation/use-cases/record-human-verdict";
import { estimateEvalRun, startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { freezeTestsetVersion, recheckTestsetLeakage } from "@/lib/evaluation/use-cases/testsets";

const importSchema = z.object({
  name: z.string().trim().min(1, { error: "Give the test set a name." }).max(120),
  fileName: z.string().trim().min(1).max(300),
  text: z.string().min(1, { error: "The file is empty." }),
  freeze: z.boolean().default(true),
});

export const importTestsetAction = protectedAction(
  { permission: "testset.write", input: importSchema },
  async (input, { user }) => {
    const report = await importTestset(user, {
      name: input.name,
      fileName: input.fileName,
      bytes: new TextEncoder().encode(input.text),
      freeze: input.freeze,
    });
    revalidatePath("/evaluation");
    return report;
  },
);

export const freezeVersionAction = protectedAction(
  { permission: "testset.write", input: z.object({ versionId: z.string().min(1) }) },
  async (input, { user }) => {
    await freezeTestsetVersion(user, input);
    revalidatePath("/evaluation");
    return null;
  },
);

/** Only queues the check: a worker reads the corpora (lib/evaluation/leakage.ts) while the page shows progress. */
export const recheckLeakageAction = protectedAction(
  { permission: "evaluation.run", input: z.object({ versionId: z.string().min(1) }) },
  async (input, { user }) => {
    await recheckTestsetLeakage(user, input);
    revalidatePath("/evaluation");
    return null;
  },
);

const startSchema = z.object({
  testset: z.string().min(1),
  reference: z.string().trim().min(1, { error: "Choose the reference answers." }),
  model: z.string().trim().min(1, { error: "Name the candidate model." }),
  baseUrl: z.string().trim().min(1, { error: "Give the candidate's OpenAI-compatible URL." }),
  judgeModel: z.string().trim().min(1, { error: "Name the judge model." }),
  judgeBaseUrl: z.string().trim().optional(),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  budgetUsd: z.coerce.number().positive().optional(),
  /** the judge template's version; empty: the newest */
  judgePromptVersion: z.coerce.number().int().min(1).optional(),
  // Each endpoint's key: typed for this run, or a stored key by id; neither: the worker's environment.
  // Sealed by the use case at once, never sent back to the browser.
  candidateApiKey: z.string().trim().max(500).optional(),
  candidateCredentialId: z.string().trim().optional(),
  judgeApiKey: z.string().trim().max(500).optional(),
  judgeCredentialId: z.string().trim().optional(),
});
type StartInput = z.output<typeof startSchema>;

const keyOf = (apiKey?: string, credentialId?: string) =>
  apiKey ? { apiKey } : credentialId ? { credentialId } : undefined;

const toRunInput = (i: StartInput) => ({
  testset: i.testset,
  reference: i.reference,
  candidate: { model: i.model, baseUrl: i.baseUrl },
  judgeModel: i.judgeModel,
  settings: {
    concurrency: i.concurrency,
    ...(i.judgeBaseUrl && { judgeBaseUrl: i.judgeBaseUrl }),
    ...(i.budgetUsd !== undefined && { budgetUsd: i.budgetUsd }),
  },
  judgePromptVersion: i.judgePromptVersion,
  keys: {
    candidate: keyOf(i.candidateApiKey, i.candidateCredentialId),
    judge: keyOf(i.judgeApiKey, i.judgeCredentialId),
  },
});

/** Starting only records and queues the run: a worker drives it (lib/evaluation/queue.ts). */
export const startEvalRunAction = protectedAction(
  { permission: "evaluation.run", input: startSchema },
  async (input, { user }) => {
    const run = await startEvalRun(user, toRunInput(input));
    revalidatePath("/evaluation");
    return { id: run.id, number: run.number };
  },
);

export const estimateEvalRunAction = protectedAction(
  { permission: "evaluation.run", input: startSchema },
  async (input, { user }) => estimateEvalRun(user, toRunInput(input)),
);

const runRef = z.object({ run: z.string().min(1) });

export const pauseEvalRunAction = protectedAction(
  { permission: "evaluation.run", input: runRef },
  async (input, { user }) => {
    await pauseEvalRun(user, input);
    return null;
  },
);

export const resumeEvalRunAction = protectedAction(
  {
    permission: "evaluation.run",
    input: runRef.extend({ budgetUsd: z.coerce.number().positive().optional() }),
  },
  async (input, { user }) => {
    await resumeEvalRun(user, input);
    return null;
  },
);

export const cancelEvalRunAction = protectedAction(
  { permission: "evaluation.run", input: runRef },
  async (input, { user }) => {
    await cancelEvalRun(user, input);
    return null;
  },
);

export const recordVerdictAction = protectedAction(
  { permission: "evaluation.judge", input: humanVerdictSchema },
  async (input, { user }) => {
    await recordHumanVerdict(user, input);
    revalidatePath(`/evaluation/runs/${input.runId}`);
    return null;
  },
);

/** A new version of the judge's template (admins); runs already made keep theirs. */
export const saveJudgePromptAction = protectedAction(
  { permission: "evaluation.prompt", input: judgePromptEditSchema },
  async (input, { user }) => {
    const saved = await editJudgePrompt(user, input);
    revalidatePath("/evaluation/judge-prompt");
    return { version: saved.version };
  },
);
