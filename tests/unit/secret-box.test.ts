import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { decryptSecret, encryptionKeyFromEnv, encryptSecret } from "@/lib/crypto/secret-box";

const key = randomBytes(32);

/** Changes one base64 character of the given part of a box (1 iv, 2 tag, 3 ciphertext). */
function tamper(box: string, part: number): string {
  const parts = box.split(":");
  const text = parts[part] as string;
  const flipped = text[0] === "A" ? "B" : "A";
  parts[part] = flipped + text.slice(1);
  return parts.join(":");
}

describe("secret box", () => {
  it("round-trips text, including non-ASCII and the empty string", () => {
    for (const plain of ["sk-proj-abc123", "ключ-🔑-clé", ""]) {
      const box = encryptSecret(plain, key);
      expect(decryptSecret(box, key)).toBe(plain);
    }
  });

  it("writes a versioned box that does not contain the secret, with a fresh IV each time", () => {
    const a = encryptSecret("sk-live-secret", key);
    const b = encryptSecret("sk-live-secret", key);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain("sk-live-secret");
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split(":")[1] as string, "base64")).toHaveLength(12);
    expect(Buffer.from(a.split(":")[2] as string, "base64")).toHaveLength(16);
  });

  it("refuses a box altered anywhere", () => {
    const box = encryptSecret("sk-proj-abc123", key);
    for (const part of [1, 2, 3]) {
      expect(() => decryptSecret(tamper(box, part), key)).toThrow(
        /different MEDSEED_ENCRYPTION_KEY or has been altered/,
      );
    }
  });

  it("refuses a box sealed with another key", () => {
    const box = encryptSecret("sk-proj-abc123", key);
    expect(() => decryptSecret(box, randomBytes(32))).toThrow(/different MEDSEED_ENCRYPTION_KEY/);
  });

  it("refuses strings that are not boxes", () => {
    for (const bad of [
      "sk-proj-abc123",
      "v2:a:b:c",
      "v1:only:three",
      "v1:!!!:AAAA:AAAA",
      "v1:AAAA:AAAA:AAAA",
    ]) {
      expect(() => decryptSecret(bad, key)).toThrow(/known format/);
    }
  });

  it("refuses a key of the wrong size", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("encryptionKeyFromEnv", () => {
  const saved = process.env.MEDSEED_ENCRYPTION_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.MEDSEED_ENCRYPTION_KEY;
    else process.env.MEDSEED_ENCRYPTION_KEY = saved;
  });

  it("reads base64 (as openssl prints it) and hex", () => {
    expect(encryptionKeyFromEnv({ MEDSEED_ENCRYPTION_KEY: key.toString("base64") })).toEqual(key);
    expect(encryptionKeyFromEnv({ MEDSEED_ENCRYPTION_KEY: ` ${key.toString("hex")}\n` })).toEqual(key);
    expect(encryptionKeyFromEnv({ MEDSEED_ENCRYPTION_KEY: key.toString("base64url") })).toEqual(key);
  });

  it("is null when unset or empty", () => {
    expect(encryptionKeyFromEnv({})).toBeNull();
    expect(encryptionKeyFromEnv({ MEDSEED_ENCRYPTION_KEY: "  " })).toBeNull();
  });

  it("explains a malformed value, naming the variable and how to make one", () => {
    for (const value of [
      "hunter2",
      randomBytes(16).toString("base64"),
      `${key.toString("hex")}ab`,
      "ä".repeat(44),
    ]) {
      expect(() => encryptionKeyFromEnv({ MEDSEED_ENCRYPTION_KEY: value })).toThrow(
        /MEDSEED_ENCRYPTION_KEY.*openssl rand -base64 32/s,
      );
    }
  });

  it("is the default key for encrypt and decrypt", () => {
    process.env.MEDSEED_ENCRYPTION_KEY = key.toString("base64");
    const box = encryptSecret("sk-from-env");
    expect(decryptSecret(box, key)).toBe("sk-from-env");
    expect(decryptSecret(box)).toBe("sk-from-env");
    delete process.env.MEDSEED_ENCRYPTION_KEY;
    expect(() => decryptSecret(box)).toThrow(/MEDSEED_ENCRYPTION_KEY is not set.*openssl rand -base64 32/);
  });
});
