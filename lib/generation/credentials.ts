import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { encryptionKeyFromEnv, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";

// Provider API keys stored in the database, encrypted with AES-256-GCM under MEDSEED_ENCRYPTION_KEY. Only
// the worker decrypts them (lib/generation/engine/context.ts); pages see a name and the last characters.

export type CredentialSummary = {
  id: string;
  name: string;
  kind: string;
  baseUrl: string | null;
  keyHint: string;
  createdAt: Date;
};

/**
 * The key that seals API keys (MEDSEED_ENCRYPTION_KEY), or a refusal a person can act on: `missing` says what
 * needs it and what to do instead; a malformed key is named as secret-box names it.
 */
export function sealingKey(missing: string): Buffer {
  let key: Buffer | null;
  try {
    key = encryptionKeyFromEnv();
  } catch (error) {
    throw new AppError("INVALID", (error as Error).message);
  }
  if (!key) throw new AppError("INVALID", missing);
  return key;
}

/** What pages show of a sealed key: its last four characters. */
export const keyHint = (apiKey: string) => `…${apiKey.slice(-4)}`;

export async function listCredentials(): Promise<CredentialSummary[]> {
  return db.providerCredential.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, baseUrl: true, keyHint: true, createdAt: true },
  });
}

export async function saveCredential(
  input: { name: string; kind: string; baseUrl?: string; apiKey: string },
  actorId: string,
): Promise<void> {
  const key = sealingKey(
    "Storing API keys needs MEDSEED_ENCRYPTION_KEY (generate one with `openssl rand -base64 32`). Or give the worker the key in OPENAI_API_KEY / ANTHROPIC_API_KEY instead.",
  );
  try {
    const row = await db.providerCredential.create({
      data: {
        name: input.name,
        kind: input.kind,
        baseUrl: input.baseUrl || null,
        encryptedKey: encryptSecret(input.apiKey, key),
        keyHint: keyHint(input.apiKey),
      },
      select: { id: true },
    });
    await recordAudit({
      actorId,
      action: "generation.credential.create",
      targetType: "ProviderCredential",
      targetId: row.id,
      after: { name: input.name, kind: input.kind },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", `A key named "${input.name}" exists already: choose another name.`);
    throw error;
  }
}
