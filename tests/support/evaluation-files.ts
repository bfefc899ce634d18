// Evaluation test files (no server imports: e2e specs load this too). Tests never read ../shared.

const TOPICS = ["Cardiology", "Endocrinology", "Infectious disease"];

/** MedInstruct-test layout: id, instruction, difficulty as a string, references under "<model>-answer". */
export function medinstructLines(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: i + 1,
      instruction: `Test question ${i + 1}: what should a patient know about condition ${i * 7 + 3}?`,
      difficulty: String((i % 5) + 1),
      topic: TOPICS[i % TOPICS.length],
      // Lengths vary so the fake judge (longer wins) gives the candidate some items and the reference others.
      "gpt-4-answer": `Reference answer ${i + 1}. ${"Detail. ".repeat(i % 9)}`.trim(),
      // Not "Claude answer": a first name, which the PHI gate (issue 15) rightly stops at the judge.
      "claude-2": `Answer ${i + 1} of the claude-2 model.`,
    }),
  ).join("\n");
}
