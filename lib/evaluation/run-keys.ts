import "server-only";
import { decryptSecret, encryptionKeyFromEnv, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { keyHint, sealingKey } from "@/lib/generation/credentials";

// API keys that travel with an evaluation run, as generation jobs' stored keys do: sealed with
// MEDSEED_ENCRYPTION_KEY (AES-256-GCM) when the run is recorded, kept on the run, opened only by the worker
// that drives it. Pages and the API see the hint (the last characters), never the key. A stored provider key
// (Admin > Settings) is copied into the run sealed as it is, so deleting it later does not break the run.

export type ApiKeyInput = { apiKey: string } | { credentialId: string };
export type SealedKey = { box: string; hint: string };

const WHO = { candidate: "the candidate's", judge: "the judge's" } as const;

const encryptionKey = () =>
  sealingKey(
    "Keeping an API key with a run needs MEDSEED_ENCRYPTION_KEY on the server (generate one with `openssl rand -base64 32`). Or leave the key out and give the worker OPENAI_API_KEY / MEDSEED_LLM_API_KEY instead.",
  );

/** Why a key typed for a run could not be kept now, or null: the run form says it beside the choice. */
export function typedRunKeyProblem(): string | null {
  try {
    encryptionKey();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.message : String(error);
  }
}

export async function sealRunKey(input: ApiKeyInput, who: keyof typeof WHO): Promise<SealedKey> {
  if ("credentialId" in input) {
    const stored = await db.providerCredential.findUnique({
      where: { id: input.credentialId },
      select: { encryptedKey: true, keyHint: true },
    });
    if (!stored)
      throw new AppError(
        "INVALID",
        `There is no stored API key ${input.credentialId} for ${WHO[who]} endpoint: choose one listed in Generation > Settings.`,
      );
    return { box: stored.encryptedKey, hint: stored.keyHint };
  }
  const apiKey = input.apiKey.trim();
  if (apiKey.length < 8) throw new AppError("INVALID", `Paste the whole of ${WHO[who]} API key.`);
  return { box: encryptSecret(apiKey, encryptionKey()), hint: keyHint(apiKey) };
}

/** The worker's side: the key sealed with a run, or undefined when the run carries none. */
export function openRunKey(box: string | null, who: keyof typeof WHO): string | undefined {
  if (!box) return undefined;
  const key = encryptionKeyFromEnv();
  if (!key)
    throw new Error(
      `MEDSEED_ENCRYPTION_KEY is not set for the worker, so ${WHO[who]} API key kept with this run cannot be opened: set it to the key the server used, then resume the run.`,
    );
  try {
    return decryptSecret(box, key);
  } catch (error) {
    throw new Error(`${WHO[who].replace(/^t/, "T")} API key kept with this run: ${(error as Error).message}`);
  }
}
