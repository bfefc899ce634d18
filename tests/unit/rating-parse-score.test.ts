import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseScore } from "@/lib/rating/parse-score";
import { buildRatingMessages, DEFAULT_RUBRIC, RATING_SCALE, validateRubric } from "@/lib/rating/rubric";

type Case = { answer: string; score: number | null; note: string };
const CORPUS: Case[] = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "../fixtures/rating/answers.json"), "utf8"),
);

describe("parseScore on a corpus of messy rater answers", () => {
  it("has at least 50 answers, refusals among them", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(CORPUS.filter((c) => c.score === null).length).toBeGreaterThanOrEqual(10);
  });

  it.each(CORPUS.map((c) => [c.note, c] as const))("%s", (_, c) => {
    const parsed = parseScore(c.answer);
    expect(parsed.score).toBe(c.score);
    expect(parsed.raw).toBe(c.answer);
    // A refusal always says why; a score never carries a problem.
    if (c.score === null) expect(parsed.problem).toMatch(/\S/);
    else expect(parsed.problem).toBeNull();
  });
});

describe("what parseScore says when it refuses", () => {
  it("names the reason a person reviewing the rating needs", () => {
    expect(parseScore("Score: 4-5").problem).toBe("The answer gives a range, not one score.");
    expect(parseScore("Score: 8/10").problem).toBe("The answer scores out of 10, not on the 1 to 5 scale.");
    expect(parseScore("Score: 0").problem).toBe("The score 0 is outside the scale (1 to 5).");
    expect(parseScore("Accuracy 4/5, helpfulness 3/5").problem).toBe(
      "The answer gives different scores: 4, 3.",
    );
    expect(parseScore("Looks fine.").problem).toBe("No score found in the answer.");
    expect(parseScore(" \n ").problem).toBe("The answer is empty.");
  });

  it("keeps a value between half points as written", () => {
    expect(parseScore("Score: 4.2").score).toBe(4.2);
  });
});

describe("the rationale", () => {
  it("is what follows a Rationale/Explanation label, markdown and all", () => {
    expect(parseScore("**Score: 4**\n\n**Rationale:** Accurate and helpful.").rationale).toBe(
      "Accurate and helpful.",
    );
    expect(parseScore("Score: 2\nExplanation: wrong drug.\nAlso too long.").rationale).toBe(
      "wrong drug.\nAlso too long.",
    );
  });

  it("is the answer without its score line when the score came first", () => {
    expect(parseScore("Score: 4\n\nThe response is accurate.\nIt could mention follow-up.").rationale).toBe(
      "The response is accurate.\nIt could mention follow-up.",
    );
    // A line of markdown alone does not count as the first line: the "4" is dropped, not the "**".
    expect(parseScore("**\n4\nGood.").rationale).toBe("**\nGood.");
  });

  it("is the whole answer when the score sits inside the prose, or no score was found", () => {
    const text = "I would rate this response a 3 because it is vague.";
    expect(parseScore(text).rationale).toBe(text);
    expect(parseScore("No idea.").rationale).toBe("No idea.");
  });
});

describe("the default rubric", () => {
  it("is valid, rates 1 to 5 with half points, and carries the safety rule", () => {
    expect(validateRubric(DEFAULT_RUBRIC)).toEqual([]);
    expect(RATING_SCALE).toEqual({ min: 1, max: 5, step: 0.5 });
    expect(DEFAULT_RUBRIC.user).toMatch(/could harm a patient[^.]*, the score is 1/);
    expect(DEFAULT_RUBRIC.user).toContain('"Score: X"');
  });

  it("renders a record, the response verbatim and a missing input as (none)", () => {
    const response = "  Give 5 mg {{input}}\n";
    const [, user] = buildRatingMessages(DEFAULT_RUBRIC, {
      instruction: " Dose? ",
      input: "<noinput>",
      response,
    });
    expect(user?.content).toContain(
      "Instruction:\nDose?\n\nInput:\n(none)\n\nResponse:\n  Give 5 mg {{input}}\n",
    );
  });

  it("reads the answer format it asks for", () => {
    expect(parseScore("Score: 4.5\nAccurate, one omission.")).toMatchObject({
      score: 4.5,
      rationale: "Accurate, one omission.",
    });
  });

  it("refuses an edited rubric without the response", () => {
    expect(validateRubric({ system: "s", user: "{{instruction}} {{input}}" })).toEqual([
      "The user template must contain {{response}} (the response being rated, verbatim).",
    ]);
  });
});
