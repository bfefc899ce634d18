import { describe, expect, it } from "vitest";
import { evalSettingsSchema, settingsProblems } from "@/lib/evaluation/settings";

const problems = (input: unknown) => {
  const parsed = evalSettingsSchema.safeParse(input);
  if (parsed.success) throw new Error("expected the settings to be refused");
  return settingsProblems(parsed.error);
};

describe("an evaluation run's settings refused", () => {
  it("names each setting as the form and the CLI call it, once, in sentences", () => {
    // Not a URL at all: it fails both URL checks, and is told once.
    expect(problems({ judgeBaseUrl: "api.openai.com" })).toBe(
      "Judge URL (--judge-base-url): Give a full URL such as http://localhost:8000/v1.",
    );
    expect(problems({ candidateBaseUrl: "ftp://x/v1", concurrency: 0, budgetUsd: -1 })).toBe(
      "Candidate URL (--base-url): The URL must start with http:// or https://. " +
        "Calls at once (--concurrency): Concurrency is at least 1. Budget: A budget is a positive number of dollars.",
    );
  });

  it("never shows a raw field path or a '.;' join", () => {
    const text = problems({
      candidateBaseUrl: "x",
      judgeBaseUrl: "y",
      decoding: { temperature: 9, topP: 0, maxTokens: 0 },
      maxRetries: -1,
    });
    for (const raw of ["candidateBaseUrl", "judgeBaseUrl", "decoding.", "maxRetries", ".;", "; "])
      expect(text).not.toContain(raw);
    expect(text).toContain("Candidate temperature: ");
    expect(text).toContain("Retries of a failed call: ");
    // zod's own messages (no full stop of their own) end as sentences too.
    expect(text.split(/(?<=\.) (?=[A-Z])/).every((sentence) => /[.?!]$/.test(sentence))).toBe(true);
  });
});
