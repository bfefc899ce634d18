import { describe, expect, it } from "vitest";
import { createUserSchema, passwordSchema, setupSchema } from "@/lib/validation/user";

const refusal = (password: string) => {
  const parsed = passwordSchema.safeParse(password);
  return parsed.success ? null : parsed.error.issues.map((i) => i.message).join(" ");
};

describe("new passwords", () => {
  it("refuses the commonest passwords, saying so", () => {
    for (const pw of [
      "password123",
      "1234567890",
      "qwertyuiop",
      "iloveyou12",
      "Password1234",
      "P@ssw0rd123",
    ]) {
      expect(refusal(pw), pw).toMatch(/common/i);
    }
    expect(refusal("password123")).toMatch(/one of the most common passwords/);
  });

  it("refuses a single repeated character, saying so", () => {
    for (const pw of ["aaaaaaaaaa", "1111111111111", "ZZZZZZZZZZZZZZZZZZZZ", "          "]) {
      expect(refusal(pw), JSON.stringify(pw)).toMatch(/single repeated character/);
    }
  });

  it("refuses other easy guesses: repeated patterns, keyboard walks, a word and a year", () => {
    for (const pw of ["abcabcabcabc", "1q2w3e4r5t", "qwerty123456", "Welcome2024!"]) {
      expect(refusal(pw), pw).toMatch(/too easy to guess|common/);
    }
  });

  it("accepts passphrases and random strings", () => {
    for (const pw of ["correct horse battery", "a long password", "reviewer password 1", "Zx9!mK2#pQ"]) {
      expect(refusal(pw), pw).toBeNull();
    }
  });

  it("says only that a password is too short while it is", () => {
    expect(refusal("aaaa")).toBe("Use at least 10 characters");
  });

  it("applies wherever a password is set: set-up and creating a user", () => {
    const setup = setupSchema.safeParse({
      email: "a@b.org",
      password: "password123",
      confirm: "password123",
    });
    expect(setup.success).toBe(false);
    const create = createUserSchema.safeParse({
      email: "a@b.org",
      password: "aaaaaaaaaaaa",
      roles: ["AUTHOR"],
    });
    expect(create.error?.issues[0]).toMatchObject({ path: ["password"] });
  });
});
