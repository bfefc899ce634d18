import { db } from "@/lib/db";
import { importTestsetText } from "@/lib/evaluation/testsets";
import { makeUser } from "./factories";

// Helpers for evaluation tests: a synthetic MedInstruct-test file (tests never read ../shared), imported.

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
      "claude-2": `Claude answer ${i + 1}.`,
    }),
  ).join("\n");
}

export async function makeTestset(n: number, name = `set-${Math.random().toString(36).slice(2, 8)}`) {
  const author = await makeUser({ roles: ["AUTHOR"], label: "tsauthor" });
  const report = await importTestsetText(author, {
    name,
    fileName: "medinstruct-test.jsonl",
    text: medinstructLines(n),
  });
  if (!report.ok) throw new Error(JSON.stringify(report.errors));
  const version = await db.testSetVersion.findFirstOrThrow({ where: { testSetId: report.testSetId } });
  return { name, report, version, author };
}
