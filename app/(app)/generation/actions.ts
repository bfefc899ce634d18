"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { saveCredential } from "@/lib/generation/credentials";
import { savePrices } from "@/lib/generation/prices-store";
import { savePrompt } from "@/lib/generation/prompts";
import { cancelGenerationJob } from "@/lib/generation/use-cases/cancel-generation-job";
import { estimateGenerationJob } from "@/lib/generation/use-cases/estimate-generation-job";
import { pauseGenerationJob } from "@/lib/generation/use-cases/pause-generation-job";
import { resumeGenerationJob } from "@/lib/generation/use-cases/resume-generation-job";
import { startGenerationJob } from "@/lib/generation/use-cases/start-generation-job";
import { jobIdSchema, resumeJobSchema, startJobSchema } from "@/lib/validation/generation";

// Starting a job only records and queues it: a worker drives it (lib/generation/queue.ts).
export const startJobAction = protectedAction(
  { permission: "generation.run", input: startJobSchema },
  async (input, { user }) => {
    const { id, number } = await startGenerationJob(user, input);
    revalidatePath("/generation");
    return { id, number };
  },
);

export const estimateJobAction = protectedAction(
  { permission: "generation.run", input: startJobSchema },
  async (input, { user }) => estimateGenerationJob(user, input),
);

export const pauseJobAction = protectedAction(
  { permission: "generation.run", input: jobIdSchema },
  async ({ jobId }, { user }) => {
    await pauseGenerationJob(user, { jobId });
    return null;
  },
);

export const resumeJobAction = protectedAction(
  { permission: "generation.run", input: resumeJobSchema },
  async (input, { user }) => {
    await resumeGenerationJob(user, input);
    return null;
  },
);

export const cancelJobAction = protectedAction(
  { permission: "generation.run", input: jobIdSchema },
  async ({ jobId }, { user }) => {
    await cancelGenerationJob(user, { jobId });
    return null;
  },
);

export const savePromptAction = protectedAction(
  {
    permission: "generation.configure",
    input: z.object({
      kind: z.enum(["TASK", "RESPONSE"]),
      system: z.string().trim().min(1, { error: "The system prompt cannot be empty" }).max(20_000),
      user: z.string().max(50_000).default(""),
      note: z.string().trim().max(500).optional(),
      basedOn: z.coerce.number().int().min(1),
    }),
  },
  async (input, { user }) => {
    const saved = await savePrompt(input.kind, input, user.id);
    revalidatePath("/generation/settings");
    return { version: saved.version };
  },
);

export const savePricesAction = protectedAction(
  { permission: "generation.configure", input: z.object({ json: z.string().max(100_000) }) },
  async ({ json }, { user }) => {
    await savePrices(json, user.id);
    revalidatePath("/generation/settings");
    return null;
  },
);

export const saveCredentialAction = protectedAction(
  {
    permission: "generation.configure",
    input: z.object({
      name: z.string().trim().min(1, { error: "Name the key, e.g. openai-team" }).max(100),
      kind: z.enum(["openai", "openai-compatible", "anthropic"]),
      baseUrl: z.string().trim().max(500).optional(),
      apiKey: z.string().trim().min(8, { error: "Paste the whole API key" }).max(500),
    }),
  },
  async (input, { user }) => {
    await saveCredential(input, user.id);
    revalidatePath("/generation/settings");
    return null;
  },
);
