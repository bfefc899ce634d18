import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseInput, toFailure } from "@/lib/auth/guard";
import { startRatingSchema } from "@/lib/validation/rating";

// A refused input's message: an API caller is told the schema path of what is wrong; a person in a form is
// told the same thing in the form's words (a nested field's path names nothing on the page).

function refusal(schema: z.ZodType, raw: unknown) {
  try {
    parseInput(schema, raw);
  } catch (error) {
    return { api: toFailure(error, "test"), form: toFailure(error, "test", true) };
  }
  throw new Error("the input was accepted");
}

describe("messages of a refused input", () => {
  it("gives a nested field's message without its schema path to a form, with it to an API caller", () => {
    const { api, form } = refusal(startRatingSchema, {
      generationJobId: "job",
      settings: { provider: { kind: "openai-compatible", baseUrl: "" }, model: "gpt-4o" },
    });
    expect(api.message).toMatch(/^Check the highlighted fields\. settings\.provider\.baseUrl: /);
    expect(form.message).not.toMatch(/settings\.|highlighted/);
    expect(api.message.endsWith(form.message)).toBe(true);
    expect(form.fieldErrors).toEqual(api.fieldErrors);
  });

  it("points a form at the highlighted top-level field without naming the schema's key", () => {
    const schema = z.object({ budgetUsd: z.number({ error: "Budget: enter a number of dollars." }) });
    const { api, form } = refusal(schema, { budgetUsd: "x" });
    expect(api.message).toBe("Check the highlighted fields. budgetUsd: Budget: enter a number of dollars.");
    expect(form.message).toBe("Check the highlighted fields. Budget: enter a number of dollars.");
    expect(form.fieldErrors).toEqual({ budgetUsd: ["Budget: enter a number of dollars."] });
  });
});
