import { describe, expect, it } from "vitest";
import { parseVerdict, type Verdict } from "@/lib/evaluation/parse-verdict";

// Judge answers as they come back: the asked-for forms, then markdown, punctuation, echoes and prose.
const CASES: [answer: string, expected: Verdict | null][] = [
  ["Output (a)", "a"],
  ["Output (b)", "b"],
  ["Tie", "tie"],
  ["output (b).", "b"],
  ["OUTPUT (A)", "a"],
  ["**Output (a)**", "a"],
  ["`Output (b)`", "b"],
  ["Tie.", "tie"],
  ["  Output(a)  \n", "a"],
  ["Output [b]", "b"],
  ["Output A", "a"],
  ["(b)", "b"],
  ["b", "b"],
  ["## Output (a)", "a"],
  ["Output (a)\n\nOutput (a) is right here: it is accurate, while output (b) is wrong.", "a"],
  ["Output (b). It gives the correct dose, unlike Output (a).", "b"],
  ["Tie. Both outputs are equally accurate.", "tie"],
  ["Output (a) - more complete, and output (b) misses the emergency.", "a"],
  ["Which is best, Output (a), Output (b) or Tie?\nOutput (b)", "b"],
  ["## Which is best, Output (a), Output (b) or Tie?\n\n**Output (a)**", "a"],
  ["Comparing the two, output (a) misses the dose while output (b) gives it.\n\nOutput (b)", "b"],
  ["Both answers mention vitamin K, but Output (b) is more complete and safer.", "b"],
  ["The better output is Output (a), since Output (b) confuses heart rate with blood pressure.", "a"],
  ["My answer: Output (b)", "b"],
  ["I prefer Output (a) over Output (b).", "a"],
  ["Output (b) wins, as Output (a) is incomplete.", "b"],
  ["I think it's a tie.", "tie"],
  ["Output (b) is the better answer.", "b"],
  ["Verdict: Tie", "tie"],
  ["Output (a) is better than Output (b).", "a"],
  ["Output (b) is better than Output (a) because it names the dose.", "b"],
  ["Neither is clearly better, so it is a tie.", "tie"],
  // Refused: ambiguous, not an option, or no verdict at all.
  ["Output (a) and Output (b) are both acceptable.", null],
  ["Output (a) is accurate but Output (b) is more detailed.", null],
  ["Output (a)\n\nOn reflection:\nOutput (b)", null],
  ["Output (c)", null],
  ["I cannot compare these answers.", null],
  ["", null],
  ["   \n  ", null],
  ["Neither output answers the question.", null],
  ["The output a patient needs is different from both.", null],
  ["The better output is Output (a). Actually the best answer is Output (b).", null],
];

describe("parseVerdict", () => {
  it.each(CASES)("reads %j as %j", async (answer, expected) => {
    expect(parseVerdict(answer)).toBe(expected);
  });

  it("does not take a tie from words that contain 'tie'", async () => {
    expect(parseVerdict("The patient has several anxieties; Output (a) addresses them.")).toBe("a");
    expect(parseVerdict("Untie the bandage, says Output (b).")).toBe("b");
  });

  it("handles Windows line endings and full-width characters", async () => {
    expect(parseVerdict("Output (b)\r\n\r\nIt is safer.")).toBe("b");
    expect(parseVerdict("Output （a）")).toBe("a");
  });
});
