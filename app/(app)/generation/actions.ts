"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { protectedAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { saveCredential } from "@/lib/generation/credentials";
import { cancelJob, createJob, estimateJob, exportSeeds, pauseJob, resumeJob } from "@/lib/generation/jobs";
import { savePrices } from "@/lib/generation/prices-store";
import { savePrompt } from "@/lib/generation/prompts";
import { enqueueJob } from "@/lib/generation/queue";
import { jobIdSchema, startJobSchema } from "@/lib/validation/generation";

// Starting a job only validates and enqueues: a worker drives it (lib/generation/queue.ts).
export const startJobAction = protectedAction(
  { permission: "generation.run", input: startJobSchema },
  async ({ exportId, settings }, { user }) => {
    const { seeds, number } = await exportSeeds(exportId);
    const job = await createJob({ seeds, seedSource: `export #${number}`, exportId }, settings, user);
    await enqueueJob(job.id);
    revalidatePath("/generation");
    return job;
  },
);

export const estimateJobAction = protectedAction(
  { permission: "generation.run", input: startJobSchema },
  async ({ exportId, settings }) => {
    const { seeds } = await exportSeeds(exportId);
    if (!seeds.length) throw new AppError("INVALID", "The export holds no seed tasks.");
    return estimateJob(seeds, settings);
  },
);

export const pauseJobAction = protectedAction(
  { permission: "generation.run", input: jobIdSchema },
  async ({ jobId }, { user }) => {
    await pauseJob(jobId, user);
    return null;
  },
);

export const resumeJobAction = protectedAction(
  {
    permission: "generation.run",
    input: jobIdSchema.extend({ budgetUsd: z.coerce.number().positive().optional() }),
  },
  async ({ jobId, budgetUsd }, { user }) => {
    await resumeJob(jobId, user, { budgetUsd });
    await enqueueJob(jobId);
    return null;
  },
);

export const cancelJobAction = protectedAction(
  { permission: "generation.run", input: jobIdSchema },
  async ({ jobId }, { user }) => {
    await cancelJob(jobId, user);
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
