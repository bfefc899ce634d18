import { describe, expect, it } from "vitest";
import { portProblem, secretProblem, serverEnvProblems } from "@/lib/config";

describe("configuration checks", () => {
  it("names the variable and the fix", () => {
    expect(portProblem("abc")?.message).toMatch(/PORT must be a whole number.*"abc"/);
    expect(portProblem("70000")?.variable).toBe("PORT");
    expect(portProblem("3001")).toBeNull();
    expect(portProblem(undefined)).toBeNull();
  });

  it("requires a secret in production only, and a long one", () => {
    expect(secretProblem(undefined, true)?.message).toMatch(/NEXTAUTH_SECRET is not set.*openssl rand/);
    expect(secretProblem(undefined, false)).toBeNull();
    expect(secretProblem("short", false)?.message).toMatch(/too short/);
    expect(secretProblem("x".repeat(32), true)).toBeNull();
  });

  it("lists every problem of a server environment", () => {
    const problems = serverEnvProblems({
      NODE_ENV: "production",
      DATABASE_URL: "mysql://x",
      NEXTAUTH_URL: "nope",
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      "DATABASE_URL",
      "NEXTAUTH_SECRET",
      "NEXTAUTH_URL",
    ]);
    expect(
      serverEnvProblems({
        NODE_ENV: "production",
        DATABASE_URL: "postgresql://u:p@localhost:5432/medseed",
        NEXTAUTH_SECRET: "s".repeat(40),
        NEXTAUTH_URL: "https://medseed.example.org",
        PORT: "3000",
      }),
    ).toEqual([]);
  });
});
