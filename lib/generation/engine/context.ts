import "server-only";
import { decryptSecret, encryptionKeyFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { describeBlock, oncePerFinding, openScreenedClient } from "@/lib/generation/outbound";
import type { TrustedEndpoint } from "@/lib/generation/phi-trust";
import type { PriceTable } from "@/lib/generation/prices";
import { loadPrices } from "@/lib/generation/prices-store";
import type { LlmClient, PhiSource, ProviderConfig } from "@/lib/generation/provider";
import { KEY_ENV } from "@/lib/generation/provider-keys";
import type { JobSeed } from "@/lib/generation/types";
import { keysByTarget, resolvedKeys } from "@/lib/phi/resolutions";
import { type JobSettings, jobSettingsSchema } from "@/lib/validation/generation";

export type JobContext = {
  id: string;
  number: number;
  target: number;
  rngSeed: number;
  settings: JobSettings;
  seeds: JobSeed[];
  taskPrompt: { version: number; system: string; user: string };
  responsePrompt: { version: number; system: string };
  prices: PriceTable;
  /** the provider behind the PHI gate (provider/phi-gate.ts) */
  client: LlmClient;
  phi: {
    /** the endpoint's trust mark, when an admin set one: the gate only warns */
    trusted: TrustedEndpoint | null;
    /** resolution keys by seed id and generated-task id */
    resolved: Map<string, Set<string>>;
  };
  /** task types and aliases in the vocabulary (admins may add types): normalised spelling -> stored type */
  knownTypes: Map<string, string>;
  /** accepted topics and views, with aliases: normalised spelling -> the vocabulary's spelling */
  knownTopics: Map<string, string>;
  knownViews: Map<string, string>;
};

export class JobSetupError extends Error {}

/** The sources a job set to warn on model-written text lets through with a warning. */
const MODEL_TEXT: ReadonlySet<"generated"> = new Set(["generated"]);

/**
 * The API key of a job: the caller's (CLI --api-key), else the stored credential (decrypted here, in the
 * worker, never sent anywhere else), else the provider's environment variable. A local OpenAI-compatible
 * server may need none.
 */
export async function resolveApiKey(
  kind: ProviderConfig["kind"],
  credentialId: string | null,
  override: string | undefined,
): Promise<string | undefined> {
  if (override) return override;
  if (credentialId) {
    const credential = await db.providerCredential.findUnique({ where: { id: credentialId } });
    if (!credential)
      throw new JobSetupError(
        "The stored API key of this job was deleted: start a new job with another key.",
      );
    const key = encryptionKeyFromEnv();
    if (!key)
      throw new JobSetupError(
        "MEDSEED_ENCRYPTION_KEY is not set, so the stored API key cannot be decrypted: set it to the key used when the API key was saved.",
      );
    return decryptSecret(credential.encryptedKey, key);
  }
  for (const name of KEY_ENV[kind]) if (process.env[name]) return process.env[name];
  if (kind === "openai-compatible") return undefined;
  throw new JobSetupError(
    `No API key for ${kind === "openai" ? "OpenAI" : "Anthropic"}: set ${KEY_ENV[kind][0]} for the worker, or have an admin store a key on the Generation settings page (/generation/settings) and choose it for the job.`,
  );
}

export async function loadJobContext(jobId: string, opts: { apiKey?: string } = {}): Promise<JobContext> {
  const job = await db.generationJob.findUnique({
    where: { id: jobId },
    include: { taskPrompt: true, responsePrompt: true },
  });
  if (!job) throw new JobSetupError(`Generation job ${jobId} does not exist.`);
  const settings = jobSettingsSchema.parse(job.settings);
  const apiKey = await resolveApiKey(settings.provider.kind, job.credentialId, opts.apiKey);
  const seeds = job.seeds as JobSeed[];
  const resolved = await jobResolutions(
    job.id,
    seeds.map((s) => s.id),
  );
  const { client, trusted } = await openScreenedClient(
    { kind: settings.provider.kind, baseUrl: settings.provider.baseUrl, apiKey },
    {
      resolved,
      warnOnly: settings.phiModelText === "warn" ? MODEL_TEXT : undefined,
      // Each distinct finding sent anyway is logged once per run (a job makes thousands of calls).
      onWarning: oncePerFinding((b) => {
        const why = trusted
          ? "Sent to a trusted endpoint"
          : "Sent although flagged (this job warns on model-written text)";
        void logEvent(jobId, "warn", `${why}: ${describeBlock(b)}.`).catch(() => {});
      }),
    },
  );
  return {
    id: job.id,
    number: job.number,
    target: job.target,
    rngSeed: job.rngSeed,
    settings,
    seeds,
    taskPrompt: { version: job.taskPrompt.version, system: job.taskPrompt.system, user: job.taskPrompt.user },
    responsePrompt: { version: job.responsePrompt.version, system: job.responsePrompt.system },
    prices: await loadPrices(),
    client,
    phi: { trusted, resolved },
    knownTypes: await loadKnownTerms("TASK_TYPE"),
    knownTopics: await loadKnownTerms("TOPIC"),
    knownViews: await loadKnownTerms("VIEW"),
  };
}

/** Resolutions that let findings through the gate: of the job's seeds, and of the records it generated. */
async function jobResolutions(jobId: string, seedIds: string[]): Promise<Map<string, Set<string>>> {
  const map = await resolvedKeys("seed", seedIds);
  const generated = await db.$queryRaw<{ targetId: string; field: string; category: string; text: string }[]>`
    SELECT r."targetId", r.field, r.category, r.text
      FROM "PhiResolution" r JOIN "GeneratedTask" t ON t.id = r."targetId"
     WHERE r."targetType" = 'generated' AND t."jobId" = ${jobId}`;
  return keysByTarget(generated, map);
}

/** A seed of the job as a source of outbound text. */
export const seedSource = (s: JobSeed): PhiSource => ({
  targetType: "seed",
  targetId: s.id,
  label: `seed ${s.id}`,
  fields: { instruction: s.instruction, input: s.input },
});

export { describeBlock };

export async function logEvent(
  jobId: string,
  level: "info" | "warn" | "error",
  message: string,
): Promise<void> {
  await db.generationEvent.create({ data: { jobId, level, message: message.slice(0, 2000) } });
}

/** Accepted vocabulary terms of a kind and their aliases: normalised spelling -> the stored spelling. */
export async function loadKnownTerms(kind: "TASK_TYPE" | "TOPIC" | "VIEW"): Promise<Map<string, string>> {
  const terms = await db.vocabularyTerm.findMany({
    // A proposed or rejected value is nobody's spelling to follow yet.
    where: { kind, status: "ACCEPTED" },
    select: { key: true, value: true, aliases: { select: { key: true } } },
  });
  const map = new Map<string, string>();
  for (const t of terms) {
    map.set(t.key, t.value);
    for (const a of t.aliases) map.set(a.key, t.value);
  }
  return map;
}
