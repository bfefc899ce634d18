import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Provider API keys at rest: AES-256-GCM under MEDSEED_ENCRYPTION_KEY. The stored string names its format
// version so the scheme can change without guessing what old rows hold.

const VERSION = "v1";
const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// Binds ciphertexts to this use: a box made for something else with the same key will not open here.
const AAD = Buffer.from("medseed-secret-box:v1");
const ENV_NAME = "MEDSEED_ENCRYPTION_KEY";
const HOW_TO = "Generate one with: openssl rand -base64 32";

/** Encrypts `plain` as `v1:<iv b64>:<tag b64>:<ciphertext b64>`; a fresh random IV every time. */
export function encryptSecret(plain: string, key: Buffer = requireKeyFromEnv()): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(":");
}

/** Opens a box from `encryptSecret`; throws when it is malformed, altered, or was sealed with another key. */
export function decryptSecret(box: string, key: Buffer = requireKeyFromEnv()): string {
  checkKey(key);
  const parts = box.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new Error(`Not a stored secret in a known format (expected ${VERSION}:<iv>:<tag>:<ciphertext>).`);
  }
  const [, ivText, tagText, dataText] = parts as [string, string, string, string];
  const iv = strictBase64(ivText);
  const tag = strictBase64(tagText);
  const data = strictBase64(dataText);
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !data) {
    throw new Error(`Not a stored secret in a known format (expected ${VERSION}:<iv>:<tag>:<ciphertext>).`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(AAD);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      `Cannot decrypt a stored secret: it was sealed with a different ${ENV_NAME} or has been altered. ` +
        "Restore the original key, or enter the API key again.",
    );
  }
}

/**
 * The key from MEDSEED_ENCRYPTION_KEY: 32 bytes written as base64 (what `openssl rand -base64 32` prints) or
 * as 64 hex characters. Null when unset, so callers can say "set the variable to store API keys".
 */
export function encryptionKeyFromEnv(env: Record<string, string | undefined> = process.env): Buffer | null {
  const raw = env[ENV_NAME]?.trim();
  if (!raw) return null;
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, "hex");
  const decoded = strictBase64(raw);
  if (decoded?.length === KEY_BYTES) return decoded;
  throw new Error(
    `${ENV_NAME} must be 32 random bytes written as base64 (44 characters) or as 64 hex characters; ` +
      `the value given is not. ${HOW_TO}`,
  );
}

function requireKeyFromEnv(): Buffer {
  const key = encryptionKeyFromEnv();
  if (!key) throw new Error(`${ENV_NAME} is not set, so API keys cannot be stored or read. ${HOW_TO}`);
  return key;
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES)
    throw new Error(`The encryption key must be ${KEY_BYTES} bytes, got ${key.length}.`);
}

/** Buffer.from(..., "base64") skips characters it does not know; refuse them instead (also url-safe base64). */
function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return null;
  return Buffer.from(text, "base64");
}
